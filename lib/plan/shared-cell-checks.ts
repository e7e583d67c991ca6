import { ProblemList } from "../tenants/errors";
import { ShardStrategy, TenantLedger, TenantSpec } from "../tenants/schema";
import { tenantSubject } from "../tenants/validate";
import { volumeNameFor } from "./naming";
import { cellOwnerIdRules } from "./checks";
import { ownRecord, ResolvedFleetSettings } from "./settings";

/** A shared cell's id, as problems name it. */
export const cellSubject = (id: string) => `shared cell "${id}"`;

/** Line fields a tenant in a shared cell cannot set: the machine and volume are the cell's. */
const CELL_OWNED = ["guest", "volumeSizeGb", "snapshotRetentionDays", "autoBackupEnabled"] as const;

/** What a tenant's machine would run; the tenants of one shared cell must agree on it. */
function runs(settings: ResolvedFleetSettings, line: TenantSpec): { image: string; env: string; metadata: string } {
  const wave = line.wave === undefined ? undefined : settings.waves[line.wave];
  const sorted = (r: Readonly<Record<string, string>>) => JSON.stringify(Object.entries(r).sort());
  return {
    image: line.image ?? wave?.image ?? settings.image,
    env: sorted({ ...wave?.env, ...line.env }),
    metadata: sorted({ ...line.metadata }),
  };
}

/**
 * Rules of shared cells: a tenant's cell exists and is in its region, the cell has room, its
 * tenants agree on what the one machine runs, cell ids never clash with tenant ids, and a
 * cell is released only once every tenant in it is.
 */
export function checkSharedCells(
  lines: readonly { line: TenantSpec; index: number }[],
  settings: ResolvedFleetSettings,
  ledger: TenantLedger | undefined,
  sharding: ShardStrategy | undefined,
  problems: ProblemList,
): void {
  const cells = settings.sharedCells;
  const known = Object.keys(cells);
  const members = new Map<string, { line: TenantSpec; subject: string }[]>();
  for (const { line, index } of lines) {
    if (line.cell === undefined) continue;
    const subject = tenantSubject(line, index);
    const cell = cells[line.cell];
    if (!cell) {
      const list = known.length > 0 ? `the fleet's are ${known.join(", ")}` : "the fleet declares none (sharedCells)";
      problems.add(subject, "cell", `"${line.cell}" is not a shared cell; ${list}`);
      continue;
    }
    if (cell.region !== line.region) {
      problems.add(subject, "region", `is "${line.region}", but shared cell "${line.cell}" is in "${cell.region}": a cell serves one region`);
    }
    for (const field of CELL_OWNED) {
      if (line[field] !== undefined) problems.add(subject, field, `is the shared cell's to set (sharedCells.${line.cell}.${field}): its tenants share one machine and volume`);
    }
    if (line.secrets !== undefined) problems.add(subject, "secrets", `per-tenant secrets would be visible to every tenant of shared cell "${line.cell}"`);
    const list = members.get(line.cell);
    if (list) list.push({ line, subject });
    else members.set(line.cell, [{ line, subject }]);
  }

  // A cell's id, released or not, stays taken: its volume was `data_<id>`, and a new owner of the id would plan an empty one under that name.
  const ledgerCells = ownRecord(ledger?.cells);
  const idRules = cellOwnerIdRules(settings);
  for (const { line, index } of lines) {
    const known = ledgerCells[line.id];
    if (known && cells[line.id] === undefined) {
      problems.add(tenantSubject(line, index), "id", `is the id of shared cell "${line.id}" in the ledger (${known.status}); a cell's id stays taken, as both would name the volume ${volumeNameFor(line.id)}`);
    }
  }

  const tenantIds = new Set([...lines.map(({ line }) => line.id), ...Object.keys(ledger?.tenants ?? {})]);
  for (const [id, cell] of Object.entries(cells)) {
    const field = `sharedCells.${id}`;
    if (id === "dedicated") problems.add("fleet", field, '"dedicated" is reserved: a move names it for a tenant\'s own cell');
    for (const problem of idRules(id)) problems.add("fleet", field, problem);
    if (ledgerCells[id]?.status === "released" && cell.status !== "released") {
      problems.add("fleet", `${field}.status`, `shared cell "${id}" was released (the ledger says so): its volume is gone and its id stays taken. Declare a new cell under a new id`);
    }
    if (tenantIds.has(id)) problems.add("fleet", field, `"${id}" is also a tenant id; cells and tenants share the namespace of names`);
    const inCell = members.get(id) ?? [];
    const holding = inCell.filter(({ line }) => (line.status ?? "active") !== "released");
    if (holding.length > cell.capacity) {
      // Order-free: the tenants not yet deployed in the cell are the ones that do not fit.
      const newcomers = holding.filter(({ line }) => ledger?.tenants[line.id]?.cell !== id);
      for (const { subject } of newcomers.length > 0 ? newcomers : holding) {
        problems.add(subject, "cell", `shared cell "${id}" is full: capacity ${cell.capacity}, ${holding.length} tenants name it`);
      }
    }
    if (cell.status === "released" && holding.length > 0) {
      problems.add("fleet", `${field}.status`, `cannot be released while tenants live in it: ${holding.map(({ line }) => line.id).join(", ")}`);
    }
    // A cell is one stack's: sharded by field or wave, its tenants must name the same one.
    const by = sharding?.by === "field" ? "shard" : sharding?.by === "wave" ? "wave" : undefined;
    if (by && new Set(inCell.map(({ line }) => line[by])).size > 1) {
      for (const { subject, line } of inCell) problems.add(subject, by, `is ${JSON.stringify(line[by])}; the tenants of shared cell "${id}" share one stack, so one ${by}`);
    }
    const active = inCell.filter(({ line }) => (line.status ?? "active") === "active");
    for (const key of ["image", "env", "metadata"] as const) {
      const values = new Set(active.map(({ line }) => runs(settings, line)[key]));
      if (values.size < 2) continue;
      const who = active.map(({ line }) => `${line.id}: ${runs(settings, line)[key]}`).join("; ");
      for (const { subject } of active) {
        problems.add(subject, key, `the tenants of shared cell "${id}" run one machine, so they need one ${key} (${who})`);
      }
    }
  }
}
