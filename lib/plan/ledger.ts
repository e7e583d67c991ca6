import { ProblemList } from "../tenants/errors";
import { TenantSpec, TenantStatus } from "../tenants/spec";
import { ResolvedFleetSettings } from "./settings";

/** What was last synthesized for a tenant: enough to refuse changes that would lose its data. */
export interface LedgerEntry {
  readonly region: string;
  readonly volumeSizeGb: number;
  readonly status: TenantStatus;
}

/**
 * Every tenant the fleet has ever had, committed beside the tenant list (like a lockfile).
 * Terraform's `prevent_destroy` cannot stop the destroy of a volume whose block vanished, so
 * the library remembers tenants and refuses a list that lost one.
 */
export interface TenantLedger {
  readonly version: 1;
  /** Entries by tenant id, keys sorted. */
  readonly tenants: Readonly<Record<string, LedgerEntry>>;
}

export const EMPTY_LEDGER: TenantLedger = { version: 1, tenants: {} };

const DECOMMISSION_HOWTO =
  'keep the line and set status: "decommissioned" (machine goes, volume stays), then later "released" (volume goes)';

/** A line's values as the ledger sees them (lines may still be invalid in other ways). */
function ledgerView(line: TenantSpec, settings: ResolvedFleetSettings): LedgerEntry {
  return {
    region: line.region,
    volumeSizeGb: line.volumeSizeGb ?? settings.volumeSizeGb,
    status: line.status ?? "active",
  };
}

/** Adds a problem for every change to a known tenant that would destroy or lose its volume. */
export function collectLedgerProblems(
  ledger: TenantLedger,
  lines: readonly TenantSpec[],
  settings: ResolvedFleetSettings,
  problems: ProblemList,
): void {
  const byId = new Map(lines.map((line) => [line.id, line]));
  for (const [id, known] of Object.entries(ledger.tenants)) {
    const subject = `tenant "${id}"`;
    const line = byId.get(id);
    if (!line) {
      const what = known.status === "released" ? "its id stays taken" : "its volume would be destroyed";
      problems.add(subject, "(line)", `is in the ledger but its line is gone; ${what}. To remove a tenant, ${DECOMMISSION_HOWTO}`);
      continue;
    }
    const now = ledgerView(line, settings);
    if (known.status === "released") {
      if (now.status !== "released") {
        problems.add(subject, "status", "was released: its volume is gone. Give the customer a new tenant id");
      }
      continue;
    }
    const consented = line.move?.from === known.region && line.move.data === "start-empty";
    if (now.region !== known.region && !consented) {
      problems.add(
        subject,
        "region",
        `cannot change from "${known.region}" to "${String(now.region)}": a volume cannot move, so the cell would be replaced and ` +
          "its data lost. To keep the data: add the tenant under a new id in the new region, copy the data (from a " +
          "snapshot or by syncing), then decommission this id. To start empty instead, add " +
          `move: { from: "${known.region}", data: "start-empty" } to the line`,
      );
    }
    if (now.status !== "released" && typeof now.volumeSizeGb === "number" && now.volumeSizeGb < known.volumeSizeGb) {
      problems.add(
        subject,
        "volumeSizeGb",
        `volumes cannot shrink: ${known.volumeSizeGb} GB deployed, ${now.volumeSizeGb} GB requested`,
      );
    }
  }
}

/** The ledger after this synthesis: every known tenant, updated with the lines' current values. */
export function nextLedger(ledger: TenantLedger, lines: readonly TenantSpec[], settings: ResolvedFleetSettings): TenantLedger {
  const tenants: Record<string, LedgerEntry> = { ...ledger.tenants };
  for (const line of lines) {
    const known = tenants[line.id];
    const now = ledgerView(line, settings);
    // A released tenant keeps the size and region it had: they describe a volume that is gone.
    tenants[line.id] = now.status === "released" && known ? { ...known, status: "released" } : now;
  }
  const sorted = Object.fromEntries(Object.entries(tenants).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { version: 1, tenants: sorted };
}
