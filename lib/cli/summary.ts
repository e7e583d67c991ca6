import * as path from "path";
import { Command } from "commander";
import { formatPlanSummary, markdownText, summarizePlan } from "../review/summary";
import { volumeStories } from "../review/volume-story";
import { deployOrder } from "./deploy";
import { exitCodesHelp } from "./exit-codes";
import { readPlanFile } from "./plan-file";

/** One plan's Markdown, as `flycell summary <plan.json>` prints it. */
function summaryOf(file: string): string {
  const plan = readPlanFile(file, "plan summary", "summarize");
  return formatPlanSummary(summarizePlan(plan), volumeStories(plan));
}

const stackOf = (file: string) => path.dirname(path.resolve(file));

/**
 * Several stacks' plans as one Markdown text (the pull request's one comment): a section per
 * stack with changes, headed by its directory's name, in deploy order; then the stacks without.
 * Every plan is read before anything is printed, so a refused one leaves no partial text.
 */
export function formatStackSummaries(files: readonly string[]): string {
  const order = deployOrder([...new Set(files.map(stackOf))]);
  const sorted = [...files].sort((a, b) => order.indexOf(stackOf(a)) - order.indexOf(stackOf(b)));
  const texts = sorted.map((file) => ({ stack: markdownText(path.basename(stackOf(file))), text: summaryOf(file) }));
  const unchanged = texts.filter((t) => t.text === "No changes.").map((t) => t.stack);
  return [
    ...texts.filter((t) => t.text !== "No changes.").flatMap((t) => [`### ${t.stack}`, "", t.text, ""]),
    unchanged.length > 0 ? `No changes in ${unchanged.join(", ")}.` : "",
  ]
    .join("\n")
    .trimEnd();
}

/** `flycell summary <plan.json...>`: what plans do per tenant, as Markdown for a pull request. */
export function addSummaryCommand(program: Command): void {
  program
    .command("summary")
    .summary("print what a plan does per tenant, as Markdown")
    .description(
      "Prints what a Terraform plan (`terraform show -json plan.out > plan.json`) creates, updates, " +
        "replaces and destroys per tenant (and for the router and the fleet's shared resources), as a " +
        "Markdown table to paste into the pull request. Given several plans (each in its stack's directory, " +
        "as `flycell deploy --plan-only` writes them), one section per stack with changes, headed by the " +
        "directory's name, in deploy order, then a line naming the stacks without changes.",
    )
    .argument("<plan.json...>", "output of `terraform show -json <planfile>`")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "the summary is printed on stdout",
        1: "refused, no summary: Terraform failed while planning or deferred changes, so a plan is partial",
        2: "a file is missing, not JSON, or not `terraform show -json` of a saved plan",
      }),
    )
    .action((files: string[]) => {
      console.log(files.length === 1 ? summaryOf(files[0]) : formatStackSummaries(files));
    });
}
