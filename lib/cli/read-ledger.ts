import { readLedgerFile } from "../plan/ledger-file";
import { TenantLedger } from "../tenants/schema";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/** The ledger file (none yet: nothing deployed); a file that is no ledger is unusable input. */
export function readLedger(file: string): TenantLedger {
  try {
    return readLedgerFile(file);
  } catch (err) {
    if (err instanceof Error && err.name === "FlycellValidationError") throw new CliFailure(EXIT_USAGE, err.message);
    throw err;
  }
}
