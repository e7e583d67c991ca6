/** Runs scenarios through the pipeline on either tier; shared by the tests and scripts/fuzz-safety.ts. */
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { ALL_KINDS, LEDGER_WEIGHTS, LedgerWeights, REAL_KINDS, Scenario, scenarioArb, StepKinds } from "./model";
import { ModelTerraform } from "./model-terraform";
import { PipelineOptions, World } from "./pipeline";
import { RealTerraform } from "./real-terraform";

/** Where scenarios run: one directory per process, so jest workers and the fuzz script never meet. */
export const SAFETY_TMP = path.join(__dirname, "..", "..", ".tmp", "safety", String(process.pid));

/** One scenario through synth, the Terraform model, the guard and the ledger sync; throws SafetyFailure. */
export function runFast(scenario: Scenario, options: PipelineOptions = {}, dir = path.join(SAFETY_TMP, "fast")): World {
  fs.rmSync(dir, { recursive: true, force: true });
  const world = new World(dir, new ModelTerraform(), options, scenario.fleet);
  world.run(scenario);
  return world;
}

/** The fast tier's property: every generated scenario keeps the invariant. */
export const fastProperty = (maxSteps: number, options: PipelineOptions = {}, weights: LedgerWeights = LEDGER_WEIGHTS, kinds: StepKinds = ALL_KINDS) =>
  fc.property(scenarioArb(maxSteps, weights, kinds), (scenario) => {
    runFast(scenario, options);
  });

/** One scenario through synth, the real Terraform CLI on the emulator, the guard and the ledger sync. */
export function runReal(scenario: Scenario, options: PipelineOptions = {}, dir = path.join(SAFETY_TMP, "real")): World {
  const world = new World(path.join(dir, "pipeline"), new RealTerraform(path.join(dir, "terraform")), options, scenario.fleet);
  world.run(scenario);
  return world;
}

/** The real tier's property: fewer, shorter scenarios, each step planned and applied by Terraform. */
export const realProperty = (maxSteps: number, options: PipelineOptions = {}) =>
  fc.property(scenarioArb(maxSteps, LEDGER_WEIGHTS, REAL_KINDS), (scenario) => {
    runReal(scenario, options);
  });
