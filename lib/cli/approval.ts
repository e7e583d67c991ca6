import * as fs from "fs";
import * as path from "path";
import { Command } from "commander";
import { quote } from "../plan/quote";
import { formatMachineChanges, machineChanges } from "../review/machine-changes";
import { PLAN_JSON, stackDirsUnder } from "./deploy";
import { STACKS_DIR } from "./deployed-stacks";
import { CliFailure, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { appendGithubOutput, githubOutputFile } from "./github-output";
import { readPlanFile } from "./plan-file";

/** What `flycell approval` prints and writes to `--github-output`: the deploy workflow reads it. */
export const MACHINE_CHANGES_OUTPUT = "machine-changes";

/**
 * Why these plans need an approval before they are applied, one line each; empty: none does.
 * A stack without a plan counts: what it would do is unknown.
 */
export function approvalReasons(files: readonly string[]): string[] {
  const reasons: string[] = [];
  for (const file of files) {
    const stack = path.basename(path.dirname(path.resolve(file)));
    if (!fs.existsSync(file)) {
      reasons.push(`${quote(stack)}: no ${path.basename(file)}, so what it would do to machines is unknown (${quote(file)})`);
      continue;
    }
    const plan = readPlanFile(file, "flycell approval", "judge");
    for (const line of formatMachineChanges(machineChanges(plan))) reasons.push(`${quote(stack)}: ${line}`);
  }
  return reasons;
}

/** `flycell approval [plan.json...]`: does any plan destroy or replace a machine (then a person approves the deploy)? */
export function addApprovalCommand(program: Command): void {
  program
    .command("approval")
    .summary("say whether any plan destroys or replaces a machine, so the deploy needs an approval")
    .description(
      `Prints ${MACHINE_CHANGES_OUTPUT}=true when any plan destroys or replaces a fly_machine (each one named on ` +
        `stderr), else ${MACHINE_CHANGES_OUTPUT}=false. The deploy workflow picks its approval environment by it. ` +
        `Default: the ${PLAN_JSON} of every stack the last synth wrote under ${STACKS_DIR}/ (\`flycell deploy ` +
        "--plan-only` writes them); a stack without one needs an approval too.",
    )
    .argument("[plan.json...]", `output of \`terraform show -json <planfile>\` (default: every stack's ${PLAN_JSON})`)
    .option("--github-output <file>", `also append the ${MACHINE_CHANGES_OUTPUT}= line to this file (default: $GITHUB_OUTPUT when set, as in GitHub Actions)`)
    .addHelpText(
      "after",
      exitCodesHelp({
        0: `the answer is printed, ${MACHINE_CHANGES_OUTPUT}=true or false`,
        1: "refused: a plan is partial (Terraform failed or deferred changes)",
        2: "no stacks, or a file is not JSON or not `terraform show -json` of a saved plan",
      }),
    )
    .action((files: string[], options: { githubOutput?: string }) => {
      let plans = files;
      if (plans.length === 0) {
        try {
          plans = stackDirsUnder(STACKS_DIR).map((dir) => path.join(dir, PLAN_JSON));
        } catch (err) {
          if (err instanceof CliFailure) throw new CliFailure(EXIT_USAGE, err.message.replace(/^flycell deploy:/, "flycell approval:"));
          throw err;
        }
      }
      const reasons = approvalReasons(plans);
      for (const reason of reasons) console.error(`flycell approval: ${reason}`);
      const line = `${MACHINE_CHANGES_OUTPUT}=${reasons.length > 0}`;
      const output = githubOutputFile(options.githubOutput);
      if (output !== undefined) appendGithubOutput(output, line);
      console.log(line);
    });
}
