import { Command } from "commander";
import { findVolumeViolations, formatGuardReport } from "../review/guard";
import { CliFailure, EXIT_REFUSED, exitCodesHelp } from "./exit-codes";
import { readPlanFile } from "./plan-file";

/** `flycell guard <plan.json>`: fails when a plan destroys or replaces a volume no tenant released. */
export function addGuardCommand(program: Command): void {
  program
    .command("guard")
    .summary("refuse a plan that loses a volume no tenant released")
    .description(
      "Checks a Terraform plan (`terraform show -json plan.out > plan.json`) for volumes it destroys or " +
        "replaces although no tenant line released them, and refuses a partial plan (errored, or complete: " +
        "false). Run it in CI between the plan and the apply, on every stack's plan.",
    )
    .argument("<plan.json>", "output of `terraform show -json <planfile>`")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "the plan is whole and loses no volume",
        1: "refused: it loses a volume no tenant released, or Terraform failed or deferred changes (a partial plan)",
        2: "the file is missing, not JSON, or not `terraform show -json` of a saved plan",
      }),
    )
    .action((file: string) => {
      const plan = readPlanFile(file, "plan guard", "check");
      const violations = findVolumeViolations(plan);
      const report = formatGuardReport(plan, violations);
      if (violations.length > 0) throw new CliFailure(EXIT_REFUSED, report);
      console.log(report);
    });
}
