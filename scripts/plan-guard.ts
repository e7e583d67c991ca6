/**
 * Fails when a Terraform plan destroys or replaces a volume no tenant released.
 *
 *   terraform show -json plan.out > plan.json
 *   npm run plan:guard -- plan.json
 *
 * Exit codes:
 *   0  the plan is whole and loses no volume
 *   1  the plan is refused: it destroys or replaces a volume no tenant released, or Terraform
 *      failed while planning (`errored`) or deferred changes (`complete: false`), so it is partial
 *   2  unusable input: no file given, a file that cannot be read or parsed, or JSON that is not
 *      `terraform show -json` of a saved plan
 */
import * as fs from "fs";
import { findVolumeViolations, formatGuardReport, TerraformPlanJson } from "../lib/review/guard";
import { planProblem } from "../lib/review/problem";

function main(file: string | undefined): number {
  if (!file) {
    console.error("usage: npm run plan:guard -- <plan.json from `terraform show -json plan.out`>");
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`plan guard: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const problem = planProblem(json);
  if (problem?.kind === "unusable") {
    console.error(`plan guard: cannot check ${file}: ${problem.message}`);
    return 2;
  }
  if (problem) {
    console.error(`plan guard: refusing this plan: ${problem.message}`);
    return 1;
  }
  const plan = json as TerraformPlanJson;
  const violations = findVolumeViolations(plan);
  const report = formatGuardReport(plan, violations);
  if (violations.length > 0) console.error(report);
  else console.log(report);
  return violations.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
