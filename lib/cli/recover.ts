import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { RecoveryFailure, RecoveryManifestError, recoverStacks, STACK_JSON } from "../recovery";
import { stackDirsUnder } from "./deploy";
import { STACKS_DIR } from "./deployed-stacks";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { pacedApiFromEnv } from "./volumes";

const COMMAND = "flycell recover";

interface RecoverCommandOptions {
  readonly apiBaseUrl?: string;
  readonly json?: boolean;
}

/** The stacks to recover: those given, else every one the last synth wrote. */
function stacksOf(given: readonly string[]): string[] {
  let dirs: string[];
  try {
    dirs = given.length > 0 ? [...given] : stackDirsUnder(STACKS_DIR);
  } catch (err) {
    if (err instanceof CliFailure) throw new CliFailure(err.exitCode, err.message.replace(/^flycell deploy:/, `${COMMAND}:`));
    throw err;
  }
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(dir, STACK_JSON))) throw new CliFailure(EXIT_USAGE, `${COMMAND}: ${dir} is no synthesized stack (no ${STACK_JSON})`);
  }
  return dirs;
}

/** `flycell recover [stack...]`: the deploy's recover step on its own. */
export function addRecoverCommand(program: Command): void {
  program
    .command("recover")
    .summary("make the volumes a restore or a move with data needs, before the plan")
    .description(
      "Terraform cannot make a volume from a snapshot or a fork of another: for each stack (default: every one the last " +
        `synth wrote under ${STACKS_DIR}/), flycell makes the volumes its locals.flycell_recoveries lists through Fly's ` +
        "Machines API, within Fly's rate limits, and writes flycell-recovered.auto.tfvars.json there for Terraform to adopt " +
        "them. A volume an earlier run made is found by its name, never made twice. A fork first stops the old machine, so the " +
        "copy is as of the stop. `flycell deploy` runs this step itself. Needs FLY_API_TOKEN.",
    )
    .argument("[stack...]", "stack directories (each with a synthesized cdk.tf.json)")
    .option("--api-base-url <url>", "the Machines API (default: FLY_API_BASE_URL, else https://api.machines.dev)")
    .option("--json", "print each stack's result as JSON")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "every volume listed was made or found (or none was listed)",
        1: "a volume could not be made (each named, with what was already done); the others were",
        2: "no FLY_API_TOKEN, no stacks, or a stack's JSON flycell cannot read",
      }),
    )
    .action(async (stacks: string[], options: RecoverCommandOptions) => {
      const api = pacedApiFromEnv(COMMAND, options.apiBaseUrl);
      const dirs = stacksOf(stacks);
      try {
        const results = await recoverStacks(dirs, api);
        if (options.json) {
          console.log(JSON.stringify(results.map((r) => ({ stack: r.stackDir, file: r.file ?? null, entries: r.entries })), null, 2));
          return;
        }
        for (const result of results) {
          const name = path.basename(path.resolve(result.stackDir));
          if (result.entries.length === 0) console.log(`${name}: nothing to recover`);
          for (const entry of result.entries) console.log(entry.line);
          if (result.file) console.log(`${name}: wrote ${result.file}`);
        }
      } catch (err) {
        if (err instanceof RecoveryFailure) throw new CliFailure(EXIT_REFUSED, err.message);
        if (err instanceof RecoveryManifestError) throw new CliFailure(EXIT_USAGE, `${COMMAND}: ${err.message}`);
        throw err;
      }
    });
}
