/**
 * Prints what a Terraform plan does per tenant, as Markdown for a pull request.
 *
 *   terraform show -json plan.out > plan.json
 *   npm run plan:summary -- plan.json
 *
 * Exit codes:
 *   0  the summary is printed (on stdout)
 *   1  the plan is refused, and no summary printed: Terraform failed while planning (`errored`)
 *      or deferred changes (`complete: false`), so the plan is partial and a summary would hide
 *      what is missing
 *   2  unusable input: no file given, a file that cannot be read or parsed, or JSON that is not
 *      `terraform show -json` of a saved plan
 */
import * as fs from "fs";
import { TerraformPlanJson } from "../lib/review/guard";
import { planProblem } from "../lib/review/problem";
import { formatPlanSummary, summarizePlan } from "../lib/review/summary";

function main(file: string | undefined): number {
  if (!file) {
    console.error("usage: npm run plan:summary -- <plan.json from `terraform show -json plan.out`>");
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`plan summary: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const problem = planProblem(json);
  if (problem?.kind === "unusable") {
    console.error(`plan summary: cannot summarize ${file}: ${problem.message}`);
    return 2;
  }
  if (problem) {
    console.error(`plan summary: refusing this plan: ${problem.message}`);
    return 1;
  }
  console.log(formatPlanSummary(summarizePlan(json as TerraformPlanJson)));
  return 0;
}

process.exitCode = main(process.argv[2]);
