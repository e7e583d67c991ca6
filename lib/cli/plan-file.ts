import * as fs from "fs";
import { TerraformPlanJson } from "../review/guard";
import { planProblem } from "../review/problem";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE } from "./exit-codes";

/**
 * Reads `terraform show -json <planfile>` output for `tool` ("plan guard", "plan summary"),
 * refusing a partial plan (exit 1) and a file that is no plan (exit 2), as `planProblem` says.
 */
export function readPlanFile(file: string, tool: string, verb: string): TerraformPlanJson {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `${tool}: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problem = planProblem(json);
  if (problem?.kind === "unusable") throw new CliFailure(EXIT_USAGE, `${tool}: cannot ${verb} ${file}: ${problem.message}`);
  if (problem) throw new CliFailure(EXIT_REFUSED, `${tool}: refusing this plan: ${problem.message}`);
  return json as TerraformPlanJson;
}
