import { ProblemList } from "../tenants/errors";
import { LedgerEntry, TenantLedger, TenantSpec } from "../tenants/schema";
import { volumeNameFor } from "./naming";
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

/**
 * `ledger` with `lines` recorded as deployed. `flycell ledger sync` records what the state
 * says instead; this seeds a ledger for a fleet deployed before it kept one, and tests.
 */
export function nextLedger(ledger: TenantLedger, lines: readonly TenantSpec[], settings: ResolvedFleetSettings): TenantLedger {
  const tenants: Record<string, LedgerEntry> = { ...ledger.tenants };
  for (const line of lines) {
    const known = tenants[line.id];
    const now = ledgerView(line, settings);
    // A released tenant keeps the size and region it had: they describe a volume that is gone.
    tenants[line.id] = now.status === "released" && known ? { ...known, status: "released" } : now;
  }
  return sortedLedger(tenants);
}

function sortedLedger(tenants: Record<string, LedgerEntry>): TenantLedger {
  return { version: 1, tenants: Object.fromEntries(Object.entries(tenants).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

/** What one stack's outputs say is deployed: its `cells` and `released_volumes` (`terraform output -json`). */
export interface DeployedStack {
  /** Where the outputs came from, for messages (a stack name or directory). */
  readonly name: string;
  readonly cells: Readonly<Record<string, { readonly status: string; readonly region: string; readonly volume_size_gb?: number }>>;
  readonly releasedVolumes: readonly string[];
}

/** The ledger reconciled with what is deployed, and one line per difference found. */
export interface LedgerReconciliation {
  readonly ledger: TenantLedger;
  readonly changes: readonly string[];
}

/**
 * Makes the ledger say what is deployed, from the outputs of EVERY stack of the fleet (a
 * tenant missing from all of them is taken as never deployed):
 * - a tenant with a cell is recorded with its region, volume size and status;
 * - a tenant whose volume a stack released is recorded as released (its id stays taken);
 * - a tenant in the ledger with neither was never deployed (a typo synthesized once, say):
 *   it is dropped, which is safe because nothing of it exists on Fly.
 */
export function reconcileLedger(ledger: TenantLedger, deployed: readonly DeployedStack[]): LedgerReconciliation {
  const tenants: Record<string, LedgerEntry> = {};
  const changes: string[] = [];
  const released = new Set(deployed.flatMap((stack) => stack.releasedVolumes));
  for (const stack of deployed) {
    for (const [id, cell] of Object.entries(stack.cells)) {
      const known = ledger.tenants[id];
      const status = cell.status === "decommissioned" ? "decommissioned" : "active";
      const entry: LedgerEntry = { region: cell.region, volumeSizeGb: cell.volume_size_gb ?? known?.volumeSizeGb ?? 1, status };
      tenants[id] = entry;
      if (!known) changes.push(`tenant "${id}": deployed (${stack.name}), not in the ledger: recorded (${status}, ${entry.region}, ${entry.volumeSizeGb} GB)`);
      else if (JSON.stringify(known) !== JSON.stringify(entry)) {
        changes.push(`tenant "${id}": the ledger has ${JSON.stringify(known)}, ${stack.name} has ${JSON.stringify(entry)}: updated`);
      }
    }
  }
  for (const [id, known] of Object.entries(ledger.tenants)) {
    if (tenants[id]) continue;
    if (known.status === "released") {
      tenants[id] = known;
    } else if (released.has(volumeNameFor(id))) {
      tenants[id] = { ...known, status: "released" };
      changes.push(`tenant "${id}": its volume was released: recorded as released (the id stays taken)`);
    } else {
      changes.push(
        `tenant "${id}": in the ledger but deployed in no stack: dropped. That is safe: no cell and no volume of it exist, ` +
          "so removing its line loses nothing (it was likely synthesized but never deployed, e.g. a mistyped id)",
      );
    }
  }
  return { ledger: sortedLedger(tenants), changes };
}
