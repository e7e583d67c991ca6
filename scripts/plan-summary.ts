/**
 * Prints what a Terraform plan does per tenant, as Markdown for a pull request.
 *
 *   terraform show -json plan.out > plan.json
 *   npm run plan:summary -- plan.json
 */
import * as fs from "fs";
import { TerraformPlanJson } from "../lib/review/guard";
import { formatPlanSummary, summarizePlan } from "../lib/review/summary";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run plan:summary -- <plan.json from `terraform show -json plan.out`>");
  process.exitCode = 2;
} else {
  try {
    console.log(formatPlanSummary(summarizePlan(JSON.parse(fs.readFileSync(file, "utf8")) as TerraformPlanJson)));
  } catch (err) {
    console.error(`plan summary: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  }
}
