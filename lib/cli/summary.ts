import { Command } from "commander";
import { formatPlanSummary, summarizePlan } from "../review/summary";
import { volumeStories } from "../review/volume-story";
import { exitCodesHelp } from "./exit-codes";
import { readPlanFile } from "./plan-file";

/** `flycell summary <plan.json>`: what a plan does per tenant, as Markdown for a pull request. */
export function addSummaryCommand(program: Command): void {
  program
    .command("summary")
    .summary("print what a plan does per tenant, as Markdown")
    .description(
      "Prints what a Terraform plan (`terraform show -json plan.out > plan.json`) creates, updates, " +
        "replaces and destroys per tenant (and for the router and the fleet's shared resources), as a " +
        "Markdown table to paste into the pull request.",
    )
    .argument("<plan.json>", "output of `terraform show -json <planfile>`")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "the summary is printed on stdout",
        1: "refused, no summary: Terraform failed while planning or deferred changes, so the plan is partial",
        2: "the file is missing, not JSON, or not `terraform show -json` of a saved plan",
      }),
    )
    .action((file: string) => {
      const plan = readPlanFile(file, "plan summary", "summarize");
      console.log(formatPlanSummary(summarizePlan(plan), volumeStories(plan)));
    });
}
