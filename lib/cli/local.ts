/**
 * `flycell local plan|deploy`: a project's synthesized stacks run on the Fly provider emulator
 * flycell ships, with `flycell deploy`'s own code (deployStacks), so a change can be seen planned,
 * guarded and applied without a Fly account. Everything lives in one local directory
 * (`.flycell/local/`, which ignores itself for git): the emulator's install and its emulated
 * account, copies of the stacks whose backends point at state files there (local-stacks.ts),
 * and the rehearsal's own ledger. Nothing reaches Fly; the team's state and ledger are never read
 * or written. scripts/local-fleet.ts (`npm run plan:local`) runs the same code.
 */
import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { EMPTY_LEDGER } from "../plan/ledger";
import { writeLedgerFile } from "../plan/ledger-file";
import { deployStacks, recoverBeforePlanning, stackDirsUnder } from "./deploy";
import { STACKS_DIR } from "./deployed-stacks";
import { CliFailure, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { copyStacksForRehearsal, unwrittenUpstreams } from "./local-stacks";
import { loadShippedEmulator, ShippedEmulator } from "./shipped-emulator";

export const DEFAULT_LOCAL_DIR = path.join(".flycell", "local");
/** The emulated account's token: a placeholder, so a real FLY_API_TOKEN is never handed on. */
export const LOCAL_TOKEN = "emulator";

/**
 * Terraform settings that would take a run elsewhere: extra CLI arguments (a `-backend-config`
 * in TF_CLI_ARGS_init), another workspace or data directory.
 */
const REDIRECTS = /^(TF_CLI_ARGS(_\w+)?|TF_WORKSPACE|TF_DATA_DIR|TF_CLI_CONFIG_FILE|TERRAFORM_CONFIG)$/;

export interface LocalDir {
  readonly dir: string;
  /** The rehearsal's ledger; empty at first, as the emulated account has deployed nothing. */
  readonly ledgerFile: string;
  /** The emulated account (the emulator's `fly.json`). */
  readonly accountFile: string;
  /** Terraform's environment: the emulator's CLI config, the placeholder token, no redirects. */
  readonly env: NodeJS.ProcessEnv;
  readonly emulator: ShippedEmulator;
}

/** Installs the emulator into `dir` (made, with a .gitignore of its own) and starts the ledger. */
export function prepareLocalDir(dir: string, baseEnv: NodeJS.ProcessEnv, emulator = loadShippedEmulator()): LocalDir {
  const home = path.resolve(dir);
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, ".gitignore"), "# flycell local: the emulator's rehearsal, never committed\n*\n");
  const install = emulator.installEmulator(home);
  const ledgerFile = path.join(home, "tenants.lock.json");
  // A missing ledger is refused by the deploy; the emulated account starts with nothing deployed.
  if (!fs.existsSync(ledgerFile)) writeLedgerFile(ledgerFile, EMPTY_LEDGER);
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(baseEnv).filter(([key]) => !REDIRECTS.test(key)));
  Object.assign(env, { TF_CLI_CONFIG_FILE: install.cliConfig, FLY_API_TOKEN: LOCAL_TOKEN, CHECKPOINT_DISABLE: "1" });
  return { dir: home, ledgerFile, accountFile: path.join(install.dataDir, "fly.json"), env, emulator };
}

export type LocalCommand = "plan" | "deploy";

/**
 * Copies the stacks into the local directory and runs them: the recover step against the
 * emulated Machines API (deploy), then deployStacks, guarded, with the local ledger. Throws
 * CliFailure as `flycell deploy` does. Returns the copies planned (a plan leaves out a stack
 * that reads the state of one not deployed yet on the emulator).
 */
export async function rehearse(local: LocalDir, command: LocalCommand, stackDirs: readonly string[], terraform = "terraform"): Promise<string[]> {
  const stacks = copyStacksForRehearsal(stackDirs, local.dir);
  if (command === "deploy") {
    const api = await local.emulator.startMachinesApi({ accountFile: local.accountFile, token: LOCAL_TOKEN });
    try {
      await recoverBeforePlanning(stacks, local.env, api.url);
    } finally {
      await api.close();
    }
  }
  // A deploy applies upstream stacks first; a plan cannot, so a stack reading state not written yet waits.
  const waiting = command === "plan" ? stacks.filter((dir) => unwrittenUpstreams(dir).length > 0) : [];
  for (const dir of waiting) {
    console.log(
      `${path.basename(dir)}: not planned: it reads the state of ${unwrittenUpstreams(dir).join(", ")}, which the emulated account has not deployed yet; ` +
        "flycell local deploy applies that first, then plans and applies this stack",
    );
  }
  const planned = stacks.filter((dir) => !waiting.includes(dir));
  if (planned.length > 0) deployStacks({ stacks: planned, apply: command === "deploy", guarded: true, ledger: local.ledgerFile, terraform, env: local.env });
  return planned;
}

/** The line every rehearsal starts with. */
export function emulatorBanner(dir: string): string {
  return `EMULATOR: flycell's Fly provider emulator, not Fly: nothing reaches Fly, and no real Terraform state or ledger is read or written. States, plans, the emulated account and the rehearsal's ledger live in ${dir}`;
}

interface LocalCommandOptions {
  readonly stacks: string;
  readonly dir: string;
  readonly terraform: string;
}

/** `flycell local plan|deploy`. */
export function addLocalCommand(program: Command): void {
  const local = program
    .command("local")
    .summary("rehearse the synthesized stacks on the shipped Fly provider emulator (no Fly account)")
    .description(
      `Runs the stacks the last synth wrote (${STACKS_DIR}/) on the Fly provider emulator that ships with flycell, with ` +
        "flycell deploy's own plan, guard, summary and apply. Nothing reaches Fly. The stacks are copied into the local directory " +
        "and every backend they declare (local, S3, pg, HCP) is replaced there by a local state file, so the team's state is never " +
        "touched; the rehearsal keeps its own ledger and emulated account there too (delete the directory to start over).",
    );
  const add = (name: LocalCommand, summary: string) =>
    local
      .command(name)
      .summary(summary)
      .option("--stacks <dir>", "the synthesized stacks directory", STACKS_DIR)
      .option("--dir <dir>", "the local directory: emulator, states, plans, ledger (ignored by git)", DEFAULT_LOCAL_DIR)
      .option("--terraform <binary>", "the Terraform CLI to run (e.g. tofu)", "terraform")
      .addHelpText(
        "after",
        exitCodesHelp({
          0: name === "plan" ? "every stack planned and passed the guard" : "every stack applied on the emulator and the rehearsal's ledger synced",
          1: "a stack was refused by the guard, or Terraform failed",
          2: "no synthesized stacks, or the emulator is not built",
        }),
      )
      .action(async (options: LocalCommandOptions) => {
        if (!fs.existsSync(options.stacks)) throw new CliFailure(EXIT_USAGE, `flycell local: no ${options.stacks}: synthesize first (npm run synth)`);
        let stackDirs: string[];
        try {
          stackDirs = stackDirsUnder(options.stacks);
        } catch (err) {
          if (err instanceof CliFailure) throw new CliFailure(err.exitCode, err.message.replace(/^flycell deploy:/, "flycell local:"));
          throw err;
        }
        const dir = prepareLocalDir(options.dir, process.env);
        console.log(emulatorBanner(dir.dir));
        const planned = await rehearse(dir, name, stackDirs, options.terraform);
        const which = planned.length === stackDirs.length ? "every stack" : `${planned.length} of ${stackDirs.length} stacks`;
        console.log(
          name === "plan"
            ? `\nflycell local plan: ${which} planned on the emulator and passed the guard; plans in ${path.join(dir.dir, STACKS_DIR)}`
            : `\nflycell local deploy: applied on the emulator. Its ledger is ${dir.ledgerFile}; your project's ledger records real deploys only and saw none of this.`,
        );
      });
  add("plan", "plan, guard and summarize every stack against the emulated account");
  add("deploy", "plan, guard and apply every stack on the emulated account, then sync the rehearsal's ledger");
}
