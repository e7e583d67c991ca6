/**
 * The example fleet against flycell's Fly provider EMULATOR: the whole flow without a Fly
 * account, as CI would run it for real. Nothing reaches Fly, and nothing is written in the
 * repository: the emulated account, the Terraform states (`terraform.<stack>.tfstate`), the
 * synthesized stacks, each stack's `plan.json` and the emulator's own ledger all live in
 * `.emulator/` (FLYCELL_EMULATOR_HOME; delete it to start over).
 *
 *   npm run plan:local      synth, then per stack: plan → plan.json → plan guard → plan summary
 *   npm run deploy:local    the same, and apply each stack the guard let through; then sync the ledger
 *
 * Both run `flycell deploy`'s own code (lib/cli/deploy.ts), so the rehearsal guards exactly as a
 * real deploy does. The rehearsal's ledger is the emulator's, never stacks/tenants.lock.json;
 * `FLYCELL_LEDGER_FILE=<it>` makes `npm run synth` and `npm test` read it (printed at the end).
 *   add `-- --sharded` for stacks/sharded.ts (shared stack, then each shard, then the router),
 *   in an emulated account of its own (`.emulator/sharded/`)
 *
 * Exit codes: 0 done, 1 the input or a plan was refused, 2 usage.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installEmulator } from "../emulator/src/install";
import { deployStacks, stackDirsUnder } from "../lib/cli/deploy";
import { CliFailure } from "../lib/cli/exit-codes";
import { EMPTY_LEDGER } from "../lib/plan/ledger";
import { writeLedgerFile } from "../lib/plan/ledger-file";

const ROOT = path.join(__dirname, "..");

/** Compiles the emulator when its build is missing or older than its sources (a build takes seconds). */
function buildEmulatorIfStale(): void {
  const emulator = path.join(ROOT, "emulator");
  const built = path.join(emulator, "dist", "main.js");
  const newest = Math.max(...fs.readdirSync(path.join(emulator, "src")).map((f) => fs.statSync(path.join(emulator, "src", f)).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(emulator, "tsconfig.json")], { stdio: "inherit" });
}

/** The commands that synthesize and test what was rehearsed, reading the ledger the rehearsal wrote. */
export function followUpCommands(ledgerFile: string, cwd = process.cwd()): string[] {
  const ledger = path.relative(cwd, ledgerFile) || ledgerFile;
  return [`FLYCELL_LEDGER_FILE=${ledger} npm run synth`, `FLYCELL_LEDGER_FILE=${ledger} npm test`];
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
  // A fresh emulated account has deployed nothing: its ledger starts empty (a missing one is refused).
  if (!fs.existsSync(ledgerFile)) writeLedgerFile(ledgerFile, EMPTY_LEDGER);
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

  try {
    deployStacks({
      stacks: stackDirsUnder(path.join(outdir, "stacks")),
      apply: command === "deploy",
      guarded: true,
      ledger: ledgerFile,
      terraform: "terraform",
      env,
    });
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err;
    console.error(err.message);
    return err.exitCode;
  }
  if (command === "deploy") {
    console.log(
      [
        "",
        `Rehearsed on the emulator: its ledger is ${ledgerFile}; stacks/tenants.lock.json records real deploys only and saw none of this.`,
        "Synthesize and test what was rehearsed against the rehearsal's ledger:",
        ...followUpCommands(ledgerFile).map((line) => `  ${line}`),
      ].join("\n"),
    );
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
