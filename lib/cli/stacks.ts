import * as path from "path";
import { Command } from "commander";
import { deployOrder, stackDirsUnder } from "./deploy";
import { STACKS_DIR } from "./deployed-stacks";
import { CliFailure, exitCodesHelp } from "./exit-codes";
import { appendGithubOutput, githubOutputFile } from "./github-output";

/** The output name `--github-output` writes: the pull request workflow's matrix reads it. */
export const STACKS_OUTPUT = "stacks";

/** The names of the stacks the last synth wrote under `root`, in the order `flycell deploy` applies them. */
export function synthesizedStacks(root: string = STACKS_DIR): string[] {
  try {
    return deployOrder(stackDirsUnder(root)).map((dir) => path.basename(dir));
  } catch (err) {
    if (err instanceof CliFailure) throw new CliFailure(err.exitCode, err.message.replace(/^flycell deploy:/, "flycell stacks:"));
    throw err;
  }
}

/** `flycell stacks [--json]`: the synthesized stacks, in deploy order. */
export function addStacksCommand(program: Command): void {
  program
    .command("stacks")
    .summary("list the synthesized stacks in deploy order")
    .description(
      `Prints the name of every stack the last synth wrote under ${STACKS_DIR}/ (cdktf's manifest), one a line, ` +
        "in the order `flycell deploy` applies them: a sharded fleet's shared stack, its shards, its router, then its monitor.",
    )
    .option("--json", "print a JSON array of the names instead")
    .option("--github-output <file>", `also append ${STACKS_OUTPUT}=<JSON array> to this file (default: $GITHUB_OUTPUT when set, as in GitHub Actions: a matrix reads it)`)
    .addHelpText("after", exitCodesHelp({ 0: "the stacks are printed", 2: `no stacks under ${STACKS_DIR}/: synthesize first` }))
    .action((options: { json?: boolean; githubOutput?: string }) => {
      const stacks = synthesizedStacks();
      const output = githubOutputFile(options.githubOutput);
      if (output !== undefined) appendGithubOutput(output, `${STACKS_OUTPUT}=${JSON.stringify(stacks)}`);
      console.log(options.json ? JSON.stringify(stacks) : stacks.join("\n"));
    });
}
