import * as fs from "fs";
import { FlycellValidationError, ProblemList } from "../tenants/errors";
import { TenantLedger } from "../tenants/schema";
import { checkLedgerShape } from "../tenants/validate";
import { EMPTY_LEDGER } from "./ledger";

/**
 * The ledger file, `tenants.lock.json` beside the tenant list: what is deployed. A fleet that
 * has none yet has deployed nothing. A file that is no ledger is refused by name.
 */
export function readLedgerFile(file: string): TenantLedger {
  if (!fs.existsSync(file)) return EMPTY_LEDGER;
  const problems = new ProblemList();
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    problems.add("ledger", "(file)", `${file} is not JSON: ${(err as Error).message}`);
  }
  if (problems.all.length === 0 && checkLedgerShape(parsed, problems)) return parsed;
  throw new FlycellValidationError(`ledger ${file}`, problems.all);
}

/** The ledger as committed: sorted keys, two-space JSON, a final newline. */
export function formatLedger(ledger: TenantLedger): string {
  return `${JSON.stringify(ledger, null, 2)}\n`;
}

/** Writes the ledger only when it changed (no churn for tools watching the file); true when written. */
export function writeLedgerFile(file: string, ledger: TenantLedger): boolean {
  const text = formatLedger(ledger);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;
  fs.writeFileSync(file, text);
  return true;
}
