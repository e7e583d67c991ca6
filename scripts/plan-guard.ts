/**
 * Fails when a Terraform plan destroys or replaces a volume no tenant released.
 *
 *   terraform show -json plan.out > plan.json
 *   npm run plan:guard -- plan.json
 */
import * as fs from "fs";
import { findVolumeViolations, formatGuardReport, TerraformPlanJson } from "../lib/review/guard";

function main(file: string | undefined): number {
  if (!file) {
    console.error("usage: npm run plan:guard -- <plan.json from `terraform show -json plan.out`>");
    return 2;
  }
  let plan: TerraformPlanJson;
  try {
    plan = JSON.parse(fs.readFileSync(file, "utf8")) as TerraformPlanJson;
  } catch (err) {
    console.error(`plan guard: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const violations = findVolumeViolations(plan);
  const report = formatGuardReport(plan, violations);
  if (violations.length > 0) console.error(report);
  else console.log(report);
  return violations.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
