/**
 * The safety properties of test/safety/, run longer with a random seed (CI runs a fixed seed):
 *
 *   npm run fuzz:safety -- --runs 2000              fast tier (synth, a Terraform model, the guard, the ledger sync)
 *   npm run fuzz:safety -- --real --runs 10         the real Terraform CLI on the emulator (seconds per step)
 *   npm run fuzz:safety -- --seed S --path P        replays one failure exactly, as printed
 *
 * Options: --steps N (longest sequence, default 6 fast, 3 real), --no-guard (shows the
 * property failing without the plan guard), --stranded (also fail when a tenant or cell ends up
 * with two volumes: its cell moved to another stack and starts empty), --recoveries W (how much restores, forks
 * and releases of kept volumes weigh on the fast tier: default 1, 0 leaves them and crashed deploys out, 4 looks
 * at them closely; the real tier has none yet). Exit codes: 0 no failure, 1 a failure (its shrunk sequence
 * printed), 2 usage.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as fc from "fast-check";
import { ALL_KINDS, LEDGER_WEIGHTS } from "../test/safety/model";
import { fastProperty, realProperty } from "../test/safety/run";

/** The real tier runs the compiled emulator: compile it when any source is newer than the build. */
function buildEmulator(): void {
  const dir = path.join(__dirname, "..", "emulator");
  const built = path.join(dir, "dist", "main.js");
  const sources = fs.readdirSync(path.join(dir, "src")).map((f) => fs.statSync(path.join(dir, "src", f)).mtimeMs);
  if (fs.existsSync(built) && sources.every((t) => t < fs.statSync(built).mtimeMs)) return;
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")], { stdio: "inherit" });
}

interface Options {
  runs: number;
  seed: number;
  path?: string;
  steps?: number;
  real: boolean;
  guard: boolean;
  stranded: boolean;
  recoveries: number;
}

function parse(args: readonly string[]): Options | string {
  const options: Options = { runs: 500, seed: Math.floor(Math.random() * 0x7fffffff), real: false, guard: true, stranded: false, recoveries: 1 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const whole = (text: string) => {
      if (!/^\d+$/.test(text)) throw new Error(`${arg} needs a whole number, got ${text}`);
      return Number(text);
    };
    try {
      if (arg === "--runs") options.runs = whole(value());
      else if (arg === "--seed") options.seed = whole(value());
      else if (arg === "--path") options.path = value();
      else if (arg === "--steps") options.steps = whole(value());
      else if (arg === "--real") options.real = true;
      else if (arg === "--no-guard") options.guard = false;
      else if (arg === "--stranded") options.stranded = true;
      else if (arg === "--recoveries") options.recoveries = whole(value());
      else return `unknown option ${arg}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
  return options;
}

function main(args: readonly string[]): number {
  const options = parse(args);
  if (typeof options === "string") {
    console.error(`fuzz:safety: ${options}\nusage: fuzz-safety.ts [--runs N] [--seed S --path P] [--steps N] [--real] [--no-guard] [--stranded] [--recoveries W]`);
    return 2;
  }
  const pipeline = { guard: options.guard, stranded: options.stranded };
  if (options.real) buildEmulator();
  process.env.CHECKPOINT_DISABLE = "1";
  const kinds = { ...ALL_KINDS, recoveries: options.recoveries };
  const property = options.real ? realProperty(options.steps ?? 3, pipeline) : fastProperty(options.steps ?? 6, pipeline, LEDGER_WEIGHTS, kinds);
  const tier = options.real ? "real" : "fast";
  console.log(`fuzz:safety: ${tier} tier, ${options.runs} runs, seed ${options.seed}${options.path ? `, path ${options.path}` : ""}`);
  const started = Date.now();
  const result = fc.check(property, { numRuns: options.runs, seed: options.seed, ...(options.path ? { path: options.path } : {}) });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (!result.failed) {
    console.log(`fuzz:safety: ${result.numRuns} scenarios kept the invariant (${seconds} s)`);
    return 0;
  }
  console.error(fc.defaultReportMessage(result) ?? "failed");
  console.error(`\n${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`);
  // Everything that shapes the generated scenarios, or the path replays another one.
  const flags = [
    options.real ? "--real" : "",
    options.guard ? "" : "--no-guard",
    options.stranded ? "--stranded" : "",
    options.steps === undefined ? "" : `--steps ${options.steps}`,
    options.recoveries === 1 ? "" : `--recoveries ${options.recoveries}`,
  ]
    .filter(Boolean)
    .join(" ");
  const replay = `npm run fuzz:safety -- ${flags ? `${flags} ` : ""}--seed ${result.seed} --path ${result.counterexamplePath ?? ""}`;
  console.error(`\nfuzz:safety: failed after ${result.numRuns} scenarios (${seconds} s). Replay it: ${replay}`);
  console.error("Keep the shrunk scenario above as a named case in test/safety/scenarios.ts.");
  return 1;
}

process.exitCode = main(process.argv.slice(2));
