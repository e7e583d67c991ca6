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
 * Both synthesize the example into `.emulator/synth/`, then run `flycell local`'s own code
 * (lib/cli/local.ts, itself `flycell deploy`'s), so the rehearsal guards exactly as a real
 * deploy does and as an installed project's `flycell local plan|deploy` does. The rehearsal's ledger is the emulator's, never stacks/tenants.lock.json;
 * `FLYCELL_LEDGER_FILE=<it>` makes `npm run synth` and `npm test` read it (printed at the end).
 *   npm run machines-api:local   the emulated Machines API over the same account, until Ctrl-C:
 *                                FLY_API_BASE_URL=http://127.0.0.1:4280 FLY_API_TOKEN=emulator
 *                                (`-- --port N` for another port)
 *   npm run emulator:control -- <command>   a drill's control on the account (content marker,
 *                                host failure, clock, full region); `-- help` lists them
 *   add `-- --sharded` for stacks/sharded.ts (shared stack, then each shard, then the router),
 *   in an emulated account of its own (`.emulator/sharded/`)
 *
 * Exit codes: 0 done, 1 the input or a plan was refused, 2 usage.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { CONTROL_USAGE, controlMain } from "../emulator/src/machines-api/control";
import { startMachinesApi } from "../emulator/src/machines-api/server";
import { stackDirsUnder } from "../lib/cli/deploy";
import { CliFailure } from "../lib/cli/exit-codes";
import { emulatorBanner, LOCAL_TOKEN, LocalCommand, LocalDir, prepareLocalDir, rehearse } from "../lib/cli/local";

const ROOT = path.join(__dirname, "..");

/** The Machines API's local port: the one Fly's private API listens on (`_api.internal:4280`). */
export const MACHINES_API_PORT = 4280;

/** The newest modification time of the files under `dir`. */
function newestIn(dir: string): number {
  return Math.max(
    0,
    ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestIn(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)),
  );
}

/** Compiles the emulator when its build is missing or older than its sources (a build takes seconds). */
export function buildEmulatorIfStale(): void {
  const emulator = path.join(ROOT, "emulator");
  const built = path.join(emulator, "dist", "main.js");
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestIn(path.join(emulator, "src"))) return;
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(emulator, "tsconfig.json")], { stdio: "inherit" });
}

/** The commands that synthesize and test what was rehearsed, reading the ledger the rehearsal wrote. */
export function followUpCommands(ledgerFile: string, cwd = process.cwd()): string[] {
  const ledger = path.relative(cwd, ledgerFile) || ledgerFile;
  return [`FLYCELL_LEDGER_FILE=${ledger} npm run synth`, `FLYCELL_LEDGER_FILE=${ledger} npm test`];
}

const USAGE = "usage: local-fleet.ts plan|deploy [--sharded] | machines-api [--sharded] [--port N] | control [--sharded] <command>";

/** The emulated account a home holds (installEmulator's data directory). */
const accountFileOf = (home: string) => path.join(home, "data", "fly.json");

/** The settings a Machines API client (flycell status, recover, the monitor) takes to reach the local server. */
export function machinesApiSettings(url: string): string {
  return `FLY_API_BASE_URL=${url} FLY_API_TOKEN=${LOCAL_TOKEN}`;
}

/** Serves the home's account as Fly's Machines API until Ctrl-C. */
async function serveMachinesApi(home: string, port: number): Promise<void> {
  const accountFile = accountFileOf(home);
  const api = await startMachinesApi({ accountFile, token: LOCAL_TOKEN, port });
  console.log(
    [
      `EMULATOR: the Machines API of the emulated account ${accountFile}; nothing reaches Fly.`,
      api.url,
      `Point flycell at it: ${machinesApiSettings(api.url)}`,
      "Drills (content marker, host failure, clock, full region): npm run emulator:control -- help. Ctrl-C stops the server.",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => void api.close().then(resolve);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

function main(args: string[]): number | Promise<number> {
  const [command, ...rest] = args;
  const sharded = rest.includes("--sharded");
  const options = rest.filter((o) => o !== "--sharded");
  // The sharded example declares the same app: it gets an emulated account of its own.
  const home = path.resolve(process.env.FLYCELL_EMULATOR_HOME ?? path.join(ROOT, ".emulator", ...(sharded ? ["sharded"] : [])));
  if (command === "control") {
    const usage = CONTROL_USAGE.replace("control.js --account <fly.json>", "npm run emulator:control --");
    if (options[0] === "help") console.log(usage);
    else if (options.length === 0) console.error(usage);
    else return controlMain(["--account", accountFileOf(home), ...options]);
    return options.length === 0 ? 2 : 0;
  }
  if (command === "machines-api") {
    const [flag, value, ...extra] = options;
    const port = flag === undefined ? MACHINES_API_PORT : flag === "--port" && /^\d+$/.test(value ?? "") && extra.length === 0 ? Number(value) : undefined;
    if (port === undefined) {
      console.error(USAGE);
      return 2;
    }
    return serveMachinesApi(home, port).then(() => 0);
  }
  if ((command !== "plan" && command !== "deploy") || options.length > 0) {
    console.error(USAGE);
    return 2;
  }
  buildEmulatorIfStale();
  const local = prepareLocalDir(home, process.env);
  // The synth writes beside the copies rehearse() makes (home/cdktf.out), never onto them.
  const outdir = path.join(home, "synth");
  console.log(emulatorBanner(home));

  fs.rmSync(outdir, { recursive: true, force: true });
  const app = path.join(ROOT, "stacks", sharded ? "sharded.ts" : "main.ts");
  const synthEnv = { ...local.env, CDKTF_OUTDIR: outdir, FLYCELL_LEDGER_FILE: local.ledgerFile };
  const synth = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", app], { cwd: ROOT, env: synthEnv, stdio: "inherit" });
  if (synth.status !== 0) return 1;

  return rehearseExample(local, command, sharded, outdir);
}

/** `flycell local`'s own code (lib/cli/local.ts) on the example's stacks; then what to run next. */
async function rehearseExample(local: LocalDir, command: LocalCommand, sharded: boolean, outdir: string): Promise<number> {
  try {
    await rehearse(local, command, stackDirsUnder(path.join(outdir, "stacks")));
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err;
    console.error(err.message);
    return err.exitCode;
  }
  if (command === "deploy") {
    console.log(
      [
        "",
        `Rehearsed on the emulator: its ledger is ${local.ledgerFile}; stacks/tenants.lock.json records real deploys only and saw none of this.`,
        "Synthesize and test what was rehearsed against the rehearsal's ledger:",
        ...followUpCommands(local.ledgerFile).map((line) => `  ${line}`),
        `Fly's Machines API over this account (flycell status, recover, drills): npm run machines-api:local${sharded ? " -- --sharded" : ""}`,
        `  serves it until Ctrl-C; then ${machinesApiSettings(`http://127.0.0.1:${MACHINES_API_PORT}`)}`,
      ].join("\n"),
    );
  }
  return 0;
}

if (require.main === module) {
  Promise.resolve(main(process.argv.slice(2))).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 1;
    },
  );
}
