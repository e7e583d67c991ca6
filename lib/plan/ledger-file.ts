import * as fs from "fs";
import { FlycellValidationError, ProblemList } from "../tenants/errors";
import { TenantLedger } from "../tenants/schema";
import { checkLedgerShape } from "../tenants/validate";
import { fromLedgerFile } from "./ledger";
import { quote } from "./quote";

/** How a new fleet gets its ledger, for the message that refuses a missing one. */
export const CREATE_LEDGER_HOWTO = "for a new fleet, create an empty one with `flycell ledger init --ledger <file>` (`flycell init` writes one)";

/**
 * The ledger file, `tenants.lock.json` beside the tenant list: what is deployed. A missing file
 * is refused, never read as an empty ledger: a path typo, a checkout without it or a renamed
 * directory would otherwise drop every tenant's protection. A file that is no ledger is refused
 * by name. Refusals that rest on the ledger read name the file (see `ledgerName`).
 */
export function readLedgerFile(file: string): TenantLedger {
  const problems = new ProblemList();
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
    problems.add(
      "ledger",
      "(file)",
      missing
        ? `${quote(file)} does not exist. A missing ledger is not an empty one: nothing would confirm what is deployed. ` +
            `Point to the fleet's ledger, or ${CREATE_LEDGER_HOWTO.replace("<file>", file)}`
        : `${quote(file)} is not JSON: ${(err as Error).message}`,
    );
  }
  if (problems.all.length === 0 && checkLedgerShape(parsed, problems)) return fromLedgerFile(parsed, file);
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
