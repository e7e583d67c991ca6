import { ProblemList } from "../tenants/errors";
import { LedgerCell, LedgerEntry, LedgerVolume, TenantLedger, TenantSpec } from "../tenants/schema";
import { volumeNameFor } from "./naming";
import { quote } from "./quote";
import { ResolvedFleetSettings } from "./settings";

export type { LedgerEntry, TenantLedger };

export const EMPTY_LEDGER: TenantLedger = { version: 1, tenants: {} };

/**
 * A record's own entry: ids are user input, and `record[id]` on a plain object finds
 * `constructor`, `toString`… on its prototype. Every id lookup here goes through this.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, id: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, id) ? record[id] : undefined;
}

/** Where each ledger read from a file came from, so a refusal that rests on it names the file. */
const LEDGER_FILES = new WeakMap<TenantLedger, string>();

/** Marks `ledger` as read from `file` (see `readLedgerFile`); returns it. */
export function fromLedgerFile(ledger: TenantLedger, file: string): TenantLedger {
  LEDGER_FILES.set(ledger, file);
  return ledger;
}

/** `copy` as read from the file `original` was read from (a copy made for lookups); returns `copy`. */
export function sameLedgerFile(original: TenantLedger, copy: TenantLedger): TenantLedger {
  const file = LEDGER_FILES.get(original);
  if (file !== undefined) LEDGER_FILES.set(copy, file);
  return copy;
}

/** `the ledger "stacks/tenants.lock.json"`, or `the ledger` when it came from no file. */
export function ledgerName(ledger: TenantLedger | undefined): string {
  const file = ledger === undefined ? undefined : LEDGER_FILES.get(ledger);
  return file === undefined ? "the ledger" : `the ledger ${quote(file)}`;
}

/** ` (ledger "stacks/tenants.lock.json")` after a value the ledger file gave, or nothing when it came from no file. */
function fromFile(ledger: TenantLedger | undefined): string {
  const file = ledger === undefined ? undefined : LEDGER_FILES.get(ledger);
  return file === undefined ? "" : ` (ledger ${quote(file)})`;
}

/** How a move names a tenant's own cell, as opposed to a shared cell. */
export const DEDICATED = "dedicated";
const cellName = (cell: string) => (cell === DEDICATED ? "its dedicated cell" : `shared cell "${cell}"`);

const DECOMMISSION_HOWTO =
  'keep the line and set status: "decommissioned" (machine goes, volume stays), then later "released" (volume goes)';

/** A line's values as the ledger sees them (lines may still be invalid in other ways). */
function ledgerView(line: TenantSpec, settings: ResolvedFleetSettings): LedgerEntry {
  const shared = line.cell === undefined ? undefined : ownValue(settings.sharedCells, line.cell);
  return {
    region: line.region,
    volumeSizeGb: shared ? (shared.volumeSizeGb ?? settings.volumeSizeGb) : (line.volumeSizeGb ?? settings.volumeSizeGb),
    status: line.status ?? "active",
    ...(line.cell === undefined ? {} : { cell: line.cell }),
  };
}

/**
 * The Terraform stack the synth would put each tenant's and shared cell's cell in, by id: a
 * deployed one's volume is in its stack's state, so the ledger's `stack` cannot change.
 */
export interface PlannedStacks {
  readonly tenants: ReadonlyMap<string, string>;
  readonly cells: ReadonlyMap<string, string>;
  /** The line's field that places a tenant in its stack: `shard`, `wave`, `sharding` (the fleet's strategy) or `(stack)` (CellFleet's stack). */
  readonly field: string;
}

/** Why a deployed owner cannot change stacks, for its refusal. */
function stackMoveMessage(known: string, planned: string, theLedger: string, what: string): string {
  return (
    `would move from stack "${known}" (${theLedger}) to stack "${planned}": ${what} volume is in "${known}"'s state, so ` +
    `"${planned}" would plan a new, empty volume of the same name. Keep the stack it was deployed in (the fleet's stack ` +
    "id or sharding, the line's shard and wave, as deployed): moving cells between stacks is not supported yet"
  );
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
  stacks?: PlannedStacks,
): void {
  const theLedger = ledgerName(ledger);
  const source = fromFile(ledger);
  for (const line of lines) {
    const known = ownValue(ledger?.tenants, line.id);
    const subject = `tenant ${quote(line.id)}`;
    if (line.move && !known) {
      problems.add(subject, "move", ledger
        ? `${theLedger} has no deployed cell for this tenant, so there is nothing to move: set the region and drop "move"`
        : "nothing confirms where this tenant was deployed: a move needs the fleet's ledger (see README, \"Tenant lifecycle\")");
    } else if (line.move && known && known.status !== "released") {
      if (line.move.from !== undefined && line.move.from !== known.region) {
        problems.add(subject, "move.from", `is "${line.move.from}", but ${theLedger} has the tenant in "${known.region}"`);
      }
      const knownCell = known.cell ?? DEDICATED;
      if (line.move.fromCell !== undefined && line.move.fromCell !== knownCell) {
        problems.add(subject, "move.fromCell", `is "${line.move.fromCell}", but ${theLedger} has the tenant in ${cellName(knownCell)}`);
      }
    }
    if (line.status === "released" && known?.status !== "released" && known?.status !== "decommissioned") {
      problems.add(subject, "status", !ledger
        ? "nothing confirms the tenant was decommissioned: releasing a volume needs the fleet's ledger"
        : known
          ? `cannot go from "${known.status}"${source} straight to "released": set "decommissioned" first and deploy it (the machine goes, the volume stays)`
          : `${theLedger} has no deployed cell for this tenant, so there is nothing to release: remove the line instead`);
    }
  }
  if (!ledger) return;
  const byId = new Map(lines.map((line) => [line.id, line]));
  // A line with problems of its own is still there: it is judged once it is well formed.
  const present = new Set((Array.isArray(all) ? all : []).map((line: unknown) => (line as { id?: unknown } | null)?.id));
  for (const [id, known] of Object.entries(ledger.tenants)) {
    const subject = `tenant ${quote(id)}`;
    const line = byId.get(id);
    if (!line) {
      if (present.has(id)) continue;
      const what = known.status === "released" ? "its id stays taken" : "its volume would be destroyed";
      problems.add(subject, "(line)", `is in ${theLedger} but its line is gone; ${what}. To remove a tenant, ${DECOMMISSION_HOWTO}`);
      continue;
    }
    const now = ledgerView(line, settings);
    if (known.status === "released") {
      if (now.status !== "released") {
        problems.add(subject, "status", `was released${source}: its volume is gone. Give the customer a new tenant id`);
      }
      continue;
    }
    // Only a released tenant has no volume left in its old stack, or one leaving a shared cell with
    // consent: the volume there is the cell's, judged as the cell's.
    const plannedStack = stacks?.tenants.get(id);
    const leavesSharedCell = known.cell !== undefined && line.move?.fromCell === known.cell && line.cell !== known.cell;
    if (known.stack !== undefined && plannedStack !== undefined && plannedStack !== known.stack && !leavesSharedCell) {
      problems.add(subject, stacks?.field ?? "sharding", stackMoveMessage(known.stack, plannedStack, theLedger, known.cell === undefined ? "its" : `its shared cell's`));
    }
    // With a move on the line, a wrong `from` is reported above.
    if (now.region !== known.region && line.move?.from === undefined) {
      problems.add(
        subject,
        "region",
        `cannot change from "${known.region}"${source} to "${now.region}": a volume cannot move, so the cell would be replaced and ` +
          "its data lost. To keep the data: add the tenant under a new id in the new region, copy the data (from a " +
          "snapshot or by syncing), then decommission this id. To start empty instead, add " +
          `move: { from: "${known.region}", data: "start-empty" } to the line`,
      );
    }
    const knownCell = known.cell ?? DEDICATED;
    const nowCell = line.cell ?? DEDICATED;
    if (knownCell !== nowCell && line.move?.fromCell === undefined) {
      problems.add(
        subject,
        "cell",
        `cannot change from ${cellName(knownCell)}${source} to ${cellName(nowCell)}: the tenant's data is on the old cell's volume. ` +
          "To keep it: add the tenant under a new id in the new cell, copy its data, then decommission this id. To start " +
          `empty instead, add move: { fromCell: "${knownCell}", data: "start-empty" } to the line`,
      );
    }
    // A new cell is a new volume: a size there says nothing about the old one.
    if (knownCell === nowCell && now.status !== "released" && now.volumeSizeGb < known.volumeSizeGb) {
      problems.add(
        subject,
        "volumeSizeGb",
        `volumes cannot shrink: ${known.volumeSizeGb} GB deployed${source}, ${now.volumeSizeGb} GB requested`,
      );
    }
  }
}

/**
 * The shared cells' side of the ledger: a deployed cell keeps its declaration, region and
 * volume size; its volume is released only after a deployed cell whose tenants were all
 * released, as the ledger confirms.
 */
export function collectCellLedgerProblems(
  ledger: TenantLedger | undefined,
  settings: ResolvedFleetSettings,
  problems: ProblemList,
  stacks?: PlannedStacks,
): void {
  const theLedger = ledgerName(ledger);
  const source = fromFile(ledger);
  for (const [id, cell] of Object.entries(settings.sharedCells)) {
    const field = `sharedCells.${id}`;
    const known = ownValue(ledger?.cells, id);
    if (cell.status === "released" && known?.status !== "released") {
      const staying = Object.entries(ledger?.tenants ?? {}).filter(([, t]) => t.cell === id && t.status !== "released");
      if (!ledger || !known) {
        problems.add("fleet", `${field}.status`, ledger
          ? `${theLedger} has no deployed cell of that id, so there is nothing to release: remove the declaration instead`
          : "nothing confirms the cell's tenants were released: releasing its volume needs the fleet's ledger");
      } else if (staying.length > 0) {
        problems.add("fleet", `${field}.status`, `${theLedger} still has tenants in it (${staying.map(([t]) => t).join(", ")}): release them and deploy first`);
      }
    }
    if (!known || known.status === "released") continue;
    const plannedStack = stacks?.cells.get(id);
    if (known.stack !== undefined && plannedStack !== undefined && plannedStack !== known.stack) {
      problems.add("fleet", field, stackMoveMessage(known.stack, plannedStack, theLedger, "its"));
    }
    if (cell.region !== known.region) {
      problems.add("fleet", `${field}.region`, `cannot change from "${known.region}"${source} to "${cell.region}": the cell's volume cannot move`);
    }
    const size = cell.volumeSizeGb ?? settings.volumeSizeGb;
    if (size < known.volumeSizeGb) {
      problems.add("fleet", `${field}.volumeSizeGb`, `volumes cannot shrink: ${known.volumeSizeGb} GB deployed${source}, ${size} GB requested`);
    }
  }
  for (const [id, known] of Object.entries(ledger?.cells ?? {})) {
    if (known.status !== "released" && !Object.hasOwn(settings.sharedCells, id)) {
      problems.add("fleet", `sharedCells.${id}`, `is in ${theLedger} but its declaration is gone; its volume would be destroyed. ` +
        'Keep it, and once every tenant in it is released set status: "released"');
    }
  }
}

/**
 * `ledger` with `lines` recorded as deployed. `flycell ledger sync` records what the state
 * says instead; this seeds a ledger for a fleet deployed before it kept one, and tests.
 */
export function nextLedger(ledger: TenantLedger, lines: readonly TenantSpec[], settings: ResolvedFleetSettings): TenantLedger {
  const tenants = new Map(Object.entries(ledger.tenants));
  for (const line of lines) {
    const known = tenants.get(line.id);
    const now = ledgerView(line, settings);
    // A released tenant keeps the size and region it had: they describe a volume that is gone.
    tenants.set(line.id, now.status === "released" && known ? { ...known, status: "released" } : now);
  }
  const cells = new Map(Object.entries(ledger.cells ?? {}));
  for (const [id, cell] of Object.entries(settings.sharedCells)) {
    cells.set(id, { region: cell.region, volumeSizeGb: cell.volumeSizeGb ?? settings.volumeSizeGb, status: cell.status ?? "active" });
  }
  return sortedLedger(tenants, cells);
}

/** Entries sorted by key, as own properties (`Object.fromEntries` defines even `__proto__` as a plain key). */
function sortedRecord<T>(entries: ReadonlyMap<string, T>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function sortedLedger(tenants: ReadonlyMap<string, LedgerEntry>, cells: ReadonlyMap<string, LedgerCell> = new Map()): TenantLedger {
  // A fleet without shared cells keeps the ledger it always had.
  return cells.size > 0 ? { version: 1, tenants: sortedRecord(tenants), cells: sortedRecord(cells) } : { version: 1, tenants: sortedRecord(tenants) };
}

/** A cell's volume generations as its output entry has them (`volumes`, see `VolumeGenerationsOutput`). */
export interface DeployedVolumes {
  readonly generation: number;
  readonly kept: readonly { readonly generation: number; readonly region: string; readonly volume_size_gb: number }[];
}

/** What one stack's outputs say is deployed: its `cells` and `released_volumes` (`terraform output -json`). */
export interface DeployedStack {
  /** Where the outputs came from, for messages (a stack name or directory). */
  readonly name: string;
  readonly cells: Readonly<
    Record<
      string,
      {
        readonly status: string;
        readonly region: string;
        readonly volume_size_gb?: number;
        readonly cell?: string;
        readonly stack?: string;
        readonly volumes?: DeployedVolumes;
      }
    >
  >;
  readonly releasedVolumes: readonly string[];
  /** The stack's `shared_cells` output, when it has shared cells. */
  readonly sharedCells?: Readonly<
    Record<
      string,
      {
        readonly region: string;
        readonly volume_size_gb: number;
        readonly stack?: string;
        readonly tenants?: { readonly released?: readonly string[] };
        readonly volumes?: DeployedVolumes;
      }
    >
  >;
}

/** The ledger reconciled with what is deployed, and one line per difference found. */
export interface LedgerReconciliation {
  readonly ledger: TenantLedger;
  readonly changes: readonly string[];
  /**
   * Ledger entries (tenants, shared cells) that are not released and that no stack read has:
   * kept, since a stack left unread may hold them. Only `forget` drops them.
   */
  readonly unconfirmed: readonly string[];
  /** The stack each tenant and shared cell was read from, by id (for messages about what it says). */
  readonly origins: ReadonlyMap<string, string>;
}

/**
 * Makes the ledger say what is deployed, from the outputs of the fleet's stacks:
 * - a tenant with a cell is recorded with its region, volume size and status;
 * - a tenant whose volume a stack released is recorded as released (its id stays taken);
 * - a tenant (or shared cell) in the ledger with neither is kept and listed as unconfirmed:
 *   it may sit in a stack that was not read. Dropping it removes the protection of a volume
 *   that may exist, so it takes its id in `forget` (an older ledger's never-deployed typo).
 */
export function reconcileLedger(ledger: TenantLedger, deployed: readonly DeployedStack[], forget: readonly string[] = []): LedgerReconciliation {
  const tenants = new Map<string, LedgerEntry>();
  const origins = new Map<string, string>();
  const changes: string[] = [];
  const unconfirmed: string[] = [];
  const forgotten = new Set(forget);
  const released = new Set(deployed.flatMap((stack) => stack.releasedVolumes));
  // A released tenant of a shared cell leaves no volume of its own: its cell lists it.
  const releasedInCells = new Set(deployed.flatMap((stack) => Object.values(stack.sharedCells ?? {}).flatMap((cell) => cell.tenants?.released ?? [])));
  for (const stack of deployed) {
    for (const [id, cell] of Object.entries(stack.cells)) {
      const known = ownValue(ledger.tenants, id);
      const status = cell.status === "decommissioned" ? "decommissioned" : "active";
      const entry: LedgerEntry = {
        region: cell.region,
        volumeSizeGb: cell.volume_size_gb ?? known?.volumeSizeGb ?? 1,
        status,
        ...(cell.cell === undefined ? {} : { cell: cell.cell }),
        // Outputs older than the `stack` field record none.
        ...(cell.stack === undefined ? {} : { stack: cell.stack }),
        ...generationsOf(id, cell.volumes, known, released),
      };
      tenants.set(id, entry);
      origins.set(id, stack.name);
      const name = `tenant ${quote(id)}`;
      if (!known) changes.push(`${name}, field "(entry)": deployed (${stack.name}), not in the ledger: recorded (${status}, ${entry.region}, ${entry.volumeSizeGb} GB)`);
      else if (JSON.stringify(known) !== JSON.stringify(entry)) {
        changes.push(`${name}, field ${quote(changedFields(known, entry))}: the ledger has ${JSON.stringify(known)}, ${stack.name} has ${JSON.stringify(entry)}: updated`);
      }
    }
  }
  for (const [id, known] of Object.entries(ledger.tenants)) {
    if (tenants.has(id)) continue;
    const name = `tenant ${quote(id)}`;
    if (known.status === "released") {
      tenants.set(id, known);
    } else if (released.has(volumeNameFor(id, known.generation ?? 0)) || releasedInCells.has(id)) {
      tenants.set(id, { ...known, status: "released" });
      const how = releasedInCells.has(id) ? `released in shared cell ${quote(known.cell ?? "")}` : "its volume was released";
      changes.push(`${name}, field "status": ${how}: recorded as released (the id stays taken)`);
    } else if (forgotten.has(id)) {
      changes.push(`${name}, field "(entry)": deployed in no stack read: forgotten, as asked`);
    } else {
      tenants.set(id, known);
      unconfirmed.push(name);
    }
  }
  const cells = reconcileCells(ledger, deployed, released, forgotten, changes, unconfirmed, origins);
  return { ledger: sortedLedger(tenants, cells), changes, unconfirmed, origins };
}

/**
 * The ledger's `generation` and `volumes` for a cell, from its output's `volumes`: the kept ones
 * it lists, and each older one the ledger had that is gone, released when a stack released its
 * name. Nothing for a cell on its first volume with no history.
 */
function generationsOf(
  unit: string,
  deployed: DeployedVolumes | undefined,
  known: Pick<LedgerEntry, "generation" | "volumes"> | undefined,
  released: ReadonlySet<string>,
): Pick<LedgerEntry, "generation" | "volumes"> {
  const kept = new Map((deployed?.kept ?? []).map((v) => [v.generation, { generation: v.generation, region: v.region, volumeSizeGb: v.volume_size_gb, state: "kept" as const }]));
  const volumes: LedgerVolume[] = [...kept.values()];
  for (const volume of known?.volumes ?? []) {
    if (kept.has(volume.generation)) continue;
    const gone = volume.state === "released" || released.has(volumeNameFor(unit, volume.generation));
    volumes.push(gone ? { ...volume, state: "released" } : volume);
  }
  volumes.sort((a, b) => a.generation - b.generation);
  const generation = deployed?.generation ?? known?.generation ?? 0;
  return { ...(generation === 0 ? {} : { generation }), ...(volumes.length === 0 ? {} : { volumes }) };
}

/** The fields two ledger entries disagree on, for a message: `volumeSizeGb`, `region, cell`. */
function changedFields(known: LedgerEntry, entry: LedgerEntry): string {
  const fields = (["region", "volumeSizeGb", "status", "cell", "stack", "generation", "volumes"] as const).filter(
    (field) => JSON.stringify(known[field]) !== JSON.stringify(entry[field]),
  );
  return fields.join(", ");
}

/** The shared cells' side of `reconcileLedger`, by the same rules. */
function reconcileCells(
  ledger: TenantLedger,
  deployed: readonly DeployedStack[],
  released: ReadonlySet<string>,
  forgotten: ReadonlySet<string>,
  changes: string[],
  unconfirmed: string[],
  origins: Map<string, string>,
): Map<string, LedgerCell> {
  const cells = new Map<string, LedgerCell>();
  for (const stack of deployed) {
    for (const [id, cell] of Object.entries(stack.sharedCells ?? {})) {
      const entry: LedgerCell = {
        region: cell.region,
        volumeSizeGb: cell.volume_size_gb,
        status: "active",
        ...(cell.stack === undefined ? {} : { stack: cell.stack }),
        ...generationsOf(id, cell.volumes, ownValue(ledger.cells, id), released),
      };
      if (JSON.stringify(ownValue(ledger.cells, id)) !== JSON.stringify(entry)) {
        changes.push(`shared cell ${quote(id)}, field "(entry)": deployed (${stack.name}): recorded (${entry.region}, ${entry.volumeSizeGb} GB)`);
      }
      cells.set(id, entry);
      origins.set(id, stack.name);
    }
  }
  for (const [id, known] of Object.entries(ledger.cells ?? {})) {
    if (cells.has(id)) continue;
    const name = `shared cell ${quote(id)}`;
    if (known.status === "released") cells.set(id, known);
    else if (released.has(volumeNameFor(id, known.generation ?? 0))) {
      cells.set(id, { ...known, status: "released" });
      changes.push(`${name}, field "status": its volume was released: recorded as released`);
    } else if (forgotten.has(id)) changes.push(`${name}, field "(entry)": deployed in no stack read: forgotten, as asked`);
    else {
      cells.set(id, known);
      unconfirmed.push(name);
    }
  }
  return cells;
}
