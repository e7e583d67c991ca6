/**
 * The example fleet against flycell's Fly provider EMULATOR: the whole flow without a Fly
 * account, as CI would run it for real. Nothing reaches Fly, and nothing is written in the
 * repository: the emulated account, the Terraform states (`terraform.<stack>.tfstate`), the
 * synthesized stacks, each stack's `plan.json` and the emulator's own ledger all live in
 * `.emulator/` (FLYCELL_EMULATOR_HOME; delete it to start over).
 *
 *   npm run plan:local      synth, then per stack: plan → plan.json → plan guard → plan summary
 *   npm run deploy:local    the same, and apply each stack the guard let through; then sync the ledger
 *   add `-- --sharded` for stacks/sharded.ts (shared stack, then each shard, then the router),
 *   in an emulated account of its own (`.emulator/sharded/`)
 *
 * Exit codes: 0 done, 1 the input or a plan was refused, 2 usage.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installEmulator } from "../emulator/src/install";
import { findVolumeViolations, formatGuardReport, formatPlanSummary, planProblem, summarizePlan, TerraformPlanJson } from "../lib/review";
import { deployedStackOf } from "../lib/cli/deployed-stacks";
import { DeployedStack, reconcileLedger } from "../lib/plan/ledger";
import { readLedgerFile, writeLedgerFile } from "../lib/plan/ledger-file";

const ROOT = path.join(__dirname, "..");

/** Compiles the emulator when its build is missing or older than its sources (a build takes seconds). */
function buildEmulatorIfStale(): void {
  const emulator = path.join(ROOT, "emulator");
  const built = path.join(emulator, "dist", "main.js");
  const newest = Math.max(...fs.readdirSync(path.join(emulator, "src")).map((f) => fs.statSync(path.join(emulator, "src", f)).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(emulator, "tsconfig.json")], { stdio: "inherit" });
}

/** Stacks in the order they may be applied: the shared app, the shards, then the router. */
function deployOrder(stacks: string[]): string[] {
  const rank = (id: string) => (id.endsWith("-shared") ? 0 : id.endsWith("-router") ? 2 : 1);
  return [...stacks].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function main(args: string[]): number {
  const [command, ...options] = args;
  const sharded = options.includes("--sharded");
  if ((command !== "plan" && command !== "deploy") || options.some((o) => o !== "--sharded")) {
    console.error("usage: local-fleet.ts plan|deploy [--sharded]");
    return 2;
  }
  // The sharded example declares the same app: it gets an emulated account of its own.
  const home = path.resolve(process.env.FLYCELL_EMULATOR_HOME ?? path.join(ROOT, ".emulator", ...(sharded ? ["sharded"] : [])));
  buildEmulatorIfStale();
  const emulator = installEmulator(home);
  const ledgerFile = path.join(home, "tenants.lock.json");
  const outdir = path.join(home, "cdktf.out");
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: emulator.cliConfig,
    // A placeholder, so a real token in the environment is never handed to anything here.
    FLY_API_TOKEN: "emulator",
    CHECKPOINT_DISABLE: "1",
    CDKTF_OUTDIR: outdir,
    FLYCELL_LEDGER_FILE: ledgerFile,
  };
  console.log(`EMULATOR: nothing reaches Fly. States, plans and the ledger live in ${home}`);

  fs.rmSync(outdir, { recursive: true, force: true });
  const app = path.join(ROOT, "stacks", sharded ? "sharded.ts" : "main.ts");
  const synth = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", app], { cwd: ROOT, env, stdio: "inherit" });
  if (synth.status !== 0) return 1;

  const stacksDir = path.join(outdir, "stacks");
  const deployed: DeployedStack[] = [];
  for (const stack of deployOrder(fs.readdirSync(stacksDir))) {
    const dir = path.join(stacksDir, stack);
    const terraform = (...tfArgs: string[]) => execFileSync("terraform", tfArgs, { cwd: dir, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    terraform("init", "-input=false", "-no-color");
    // A failed plan still leaves plan.out: the guard below refuses it by its `errored` mark.
    spawnSync("terraform", ["plan", "-input=false", "-no-color", "-out=plan.out"], { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
    const plan = JSON.parse(terraform("show", "-json", "plan.out")) as TerraformPlanJson;
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan));
    const problem = planProblem(plan);
    const violations = findVolumeViolations(plan);
    console.log(`\n## ${stack} (${path.relative(ROOT, path.join(dir, "plan.json"))})`);
    if (problem) {
      console.error(problem.message);
      return 1;
    }
    console.log(formatGuardReport(plan, violations));
    console.log(formatPlanSummary(summarizePlan(plan)));
    if (violations.length > 0) return 1;
    if (command === "deploy") {
      terraform("apply", "-input=false", "-no-color", "plan.out");
      const outputs = deployedStackOf(stack, JSON.parse(terraform("output", "-json")));
      if (outputs) deployed.push(outputs);
    }
  }
  if (command === "deploy") {
    const { ledger, changes, unconfirmed } = reconcileLedger(readLedgerFile(ledgerFile), deployed);
    writeLedgerFile(ledgerFile, ledger);
    console.log(`\nledger ${path.relative(ROOT, ledgerFile)}: ${changes.length === 0 ? "unchanged" : changes.join("\n  ")}`);
    if (unconfirmed.length > 0) console.log(`  kept, though deployed in no stack: ${unconfirmed.join(", ")} (\`flycell ledger sync --forget <id>\` drops one)`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
