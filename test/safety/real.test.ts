/**
 * The real tier: the same pipeline with the real Terraform CLI on the emulator (a plan and an
 * apply cost seconds, so fewer and shorter scenarios). Each scenario also runs on the fast tier,
 * whose Terraform model must agree with the real one on every step's outcome and lost volumes.
 */
import * as fc from "fast-check";
import { describeWithTerraform } from "../e2e/terraform";
import { LEDGER_WEIGHTS, REAL_KINDS, Scenario, scenarioArb } from "./model";
import { World } from "./pipeline";
import { runFast, runReal } from "./run";
import { LIFECYCLE } from "./scenarios";

const trace = (world: World) => world.reports.map((r) => [r.outcome, r.lost]);

/** Runs on both tiers; the real one must keep the invariant and match the model. */
function bothTiers(scenario: Scenario): World {
  const real = runReal(scenario);
  expect(trace(real)).toEqual(trace(runFast(scenario)));
  return real;
}

describeWithTerraform("real tier: Terraform on the emulated Fly account", () => {
  // Terraform runs take seconds each: these tests are slow by nature, not by waiting.
  jest.setTimeout(180_000);

  test("a sharded lifecycle lets exactly the released volumes go, as the model says", () => {
    expect(trace(bothTiers(LIFECYCLE))).toEqual([
      ["applied", []],
      ["applied", []],
      ["applied", ["data_a"]],
      ["applied", ["data_ams_1", "data_b"]],
    ]);
  });

  test("random fleets and pull requests keep the invariant on real plans and applies", () => {
    // No shrinking here (each try costs seconds): a failure prints its seed and path; the fast tier shrinks.
    fc.assert(
      fc.property(scenarioArb(3, LEDGER_WEIGHTS, REAL_KINDS), (scenario) => {
        bothTiers(scenario);
      }),
      { seed: 20261203, numRuns: 3, endOnFailure: true },
    );
  });
});
