import { ProblemList } from "../tenants/errors";
import { LedgerEntry, TenantLedger, TenantSpec } from "../tenants/schema";
import { ResolvedFleetSettings } from "./settings";

export type { LedgerEntry, TenantLedger };

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

/**
 * Adds a problem for every change that could lose a tenant's data: a known tenant dropped, a
 * region change without consent, a shrink, a release that skips the decommissioned step, and a
 * move or release the ledger does not confirm. Without a ledger, moves and releases are refused:
 * nothing would confirm them.
 */
export function collectLedgerProblems(
  ledger: TenantLedger | undefined,
  all: unknown,
  lines: readonly TenantSpec[],
  settings: ResolvedFleetSettings,
  problems: ProblemList,
): void {
  for (const line of lines) {
    const known = ledger?.tenants[line.id];
    const subject = `tenant "${line.id}"`;
    if (line.move && !known) {
      problems.add(subject, "move", ledger
        ? "the ledger has no deployed cell for this tenant, so there is nothing to move: set the region and drop \"move\""
        : "nothing confirms where this tenant was deployed: a move needs the fleet's ledger (see README, \"Tenant lifecycle\")");
    } else if (line.move && known && known.status !== "released" && line.move.from !== known.region) {
      problems.add(subject, "move.from", `is "${line.move.from}", but the ledger has the tenant in "${known.region}"`);
    }
    if (line.status === "released" && known?.status !== "released" && known?.status !== "decommissioned") {
      problems.add(subject, "status", !ledger
        ? "nothing confirms the tenant was decommissioned: releasing a volume needs the fleet's ledger"
        : known
          ? `cannot go from "${known.status}" straight to "released": set "decommissioned" first and deploy it (the machine goes, the volume stays)`
          : "the ledger has no deployed cell for this tenant, so there is nothing to release: remove the line instead");
    }
  }
  if (!ledger) return;
  const byId = new Map(lines.map((line) => [line.id, line]));
  // A line with problems of its own is still there: it is judged once it is well formed.
  const present = new Set((Array.isArray(all) ? all : []).map((line: unknown) => (line as { id?: unknown } | null)?.id));
  for (const [id, known] of Object.entries(ledger.tenants)) {
    const subject = `tenant "${id}"`;
    const line = byId.get(id);
    if (!line) {
      if (present.has(id)) continue;
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
    // With a move on the line, a wrong `from` is reported above.
    if (now.region !== known.region && !line.move) {
      problems.add(
        subject,
        "region",
        `cannot change from "${known.region}" to "${now.region}": a volume cannot move, so the cell would be replaced and ` +
          "its data lost. To keep the data: add the tenant under a new id in the new region, copy the data (from a " +
          "snapshot or by syncing), then decommission this id. To start empty instead, add " +
          `move: { from: "${known.region}", data: "start-empty" } to the line`,
      );
    }
    if (now.status !== "released" && now.volumeSizeGb < known.volumeSizeGb) {
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
