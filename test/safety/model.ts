/**
 * The user's side of the model-based safety test: random fleets and random pull requests (edits
 * to the tenant list and the fleet's settings), plus what the repository's ledger file is when
 * each is deployed. Everything is plain data, so fast-check prints and shrinks it and a
 * regression test replays it literally.
 */
import * as fc from "fast-check";
import { ShardStrategy, TenantSpec, Topology } from "../../lib";

export type Region = "ams" | "ord";
export const REGIONS: readonly Region[] = ["ams", "ord"];
/** `constructor` is an own key of every object's prototype: ids like it once fell through lookups. */
export const TENANT_IDS = ["a", "b", "c-d", "constructor"] as const;
export const CELL_IDS = ["ams-1", "ord-1", "constructor"] as const;
/** Not a valid id: the synthesis must refuse it by name, never throw something else. */
export const INVALID_ID = "toString";

export interface SharedCell {
  readonly region: Region;
  readonly capacity: number;
  readonly volumeSizeGb?: number;
  readonly status?: "active" | "released";
}

/** A user-declared output whose name contains `released_volumes` (the guard must read only flycell's). */
export interface ExtraOutput {
  readonly name: string;
  readonly tenants: readonly string[];
}

export interface Fleet {
  readonly topology: Topology;
  readonly sharding?: ShardStrategy;
  readonly sharedCells: Readonly<Record<string, SharedCell>>;
  readonly tenants: readonly TenantSpec[];
  readonly extraOutput?: ExtraOutput;
}

/** One change a user can make in a pull request. `at` picks a line (or a cell) modulo their count. */
export type Edit =
  | { readonly op: "add"; readonly id: string; readonly region: Region; readonly cell: number | null; readonly size: number | null }
  | { readonly op: "remove"; readonly at: number }
  | { readonly op: "reorder"; readonly rotate: number }
  | { readonly op: "status"; readonly at: number; readonly status: "active" | "decommissioned" | "released" }
  /** The next lifecycle status: active → decommissioned → released. */
  | { readonly op: "advance"; readonly at: number }
  | { readonly op: "region"; readonly at: number; readonly region: Region; readonly consent: boolean }
  | { readonly op: "cell"; readonly at: number; readonly cell: number | null; readonly consent: boolean }
  | { readonly op: "dropMove"; readonly at: number }
  | { readonly op: "size"; readonly at: number; readonly size: number | null }
  | { readonly op: "wave"; readonly at: number; readonly wave: string | null }
  | { readonly op: "shard"; readonly at: number; readonly shard: string | null }
  | { readonly op: "sharding"; readonly sharding: ShardStrategy | null }
  | { readonly op: "topology"; readonly topology: Topology }
  | { readonly op: "addCell"; readonly id: string; readonly region: Region; readonly capacity: number }
  | { readonly op: "removeCell"; readonly at: number }
  | { readonly op: "renameCell"; readonly at: number; readonly to: string }
  | { readonly op: "cellStatus"; readonly at: number; readonly status: "active" | "released" }
  | { readonly op: "capacity"; readonly at: number; readonly capacity: number }
  | { readonly op: "cellSize"; readonly at: number; readonly size: number }
  | { readonly op: "extraOutput"; readonly at: number };

/**
 * The ledger file as the deploy finds it: as the last sync wrote it, an older copy (`stale`
 * syncs back, e.g. a branch that missed a commit), or deleted.
 */
export type LedgerUse = "synced" | "missing" | { readonly stale: number };
/** Which stacks the sync after the deploy reads: all (the CLI's default), or only some (`--stack`). */
export type SyncUse = "all" | { readonly only: readonly number[] };

/** One pull request, deployed through the whole pipeline. */
export interface Step {
  readonly edits: readonly Edit[];
  readonly ledger: LedgerUse;
  readonly sync: SyncUse;
}

export interface Scenario {
  readonly fleet: Fleet;
  readonly steps: readonly Step[];
}

const pick = <T>(items: readonly T[], at: number): T | undefined => (items.length === 0 ? undefined : items[((at % items.length) + items.length) % items.length]);

function withLine(fleet: Fleet, at: number, change: (line: TenantSpec) => TenantSpec): Fleet {
  const line = pick(fleet.tenants, at);
  if (!line) return fleet;
  return { ...fleet, tenants: fleet.tenants.map((t) => (t === line ? change(t) : t)) };
}

/** `line` without the keys given (optional fields left out, as a user deletes them). */
function without(line: TenantSpec, ...keys: (keyof TenantSpec)[]): TenantSpec {
  const copy: Record<string, unknown> = { ...line };
  for (const key of keys) delete copy[key];
  return copy as TenantSpec;
}

function withCell(fleet: Fleet, at: number, change: (id: string, cell: SharedCell) => Record<string, SharedCell>): Fleet {
  const ids = Object.keys(fleet.sharedCells).sort();
  const id = pick(ids, at);
  if (id === undefined) return fleet;
  const rest = Object.fromEntries(Object.entries(fleet.sharedCells).filter(([other]) => other !== id));
  return { ...fleet, sharedCells: { ...rest, ...change(id, fleet.sharedCells[id]) } };
}

/** A declared shared cell by index (sorted ids), or a cell id of the pool when none is declared. */
function cellAt(fleet: Fleet, at: number): string {
  return pick(Object.keys(fleet.sharedCells).sort(), at) ?? CELL_IDS[at % CELL_IDS.length];
}

/** `id`, or the next id of the pool no line has (a user adding a customer picks a new id). */
function freeId(fleet: Fleet, id: string): string {
  const taken = new Set(fleet.tenants.map((t) => t.id));
  const start = Math.max(0, TENANT_IDS.indexOf(id as (typeof TENANT_IDS)[number]));
  for (let i = 0; i < TENANT_IDS.length && taken.has(id); i++) id = TENANT_IDS[(start + i) % TENANT_IDS.length];
  return id;
}

const NEXT_STATUS = { active: "decommissioned", decommissioned: "released", released: "released" } as const;

/** The fleet after one edit, as a user would write it (a cell change also takes the cell's region). */
export function applyEdit(fleet: Fleet, edit: Edit): Fleet {
  switch (edit.op) {
    case "add": {
      const cellId = edit.cell === null ? undefined : cellAt(fleet, edit.cell);
      const cell = cellId === undefined ? undefined : fleet.sharedCells[cellId];
      const line: TenantSpec = {
        id: freeId(fleet, edit.id),
        region: cell?.region ?? edit.region,
        ...(cellId === undefined ? {} : { cell: cellId }),
        ...(edit.size === null || cellId !== undefined ? {} : { volumeSizeGb: edit.size }),
        ...(fleet.sharding?.by === "field" ? { shard: "x" } : {}),
      };
      return { ...fleet, tenants: [...fleet.tenants, line] };
    }
    case "advance":
      return withLine(fleet, edit.at, (t) => ({ ...t, status: NEXT_STATUS[t.status ?? "active"] }));
    case "remove": {
      const line = pick(fleet.tenants, edit.at);
      return { ...fleet, tenants: fleet.tenants.filter((t) => t !== line) };
    }
    case "reorder": {
      const n = fleet.tenants.length;
      if (n === 0) return fleet;
      const k = ((edit.rotate % n) + n) % n;
      return { ...fleet, tenants: [...fleet.tenants.slice(k), ...fleet.tenants.slice(0, k)].reverse() };
    }
    case "status":
      return withLine(fleet, edit.at, (t) => (edit.status === "active" ? without(t, "status") : { ...t, status: edit.status }));
    case "region":
      return withLine(fleet, edit.at, (t) => ({
        ...without(t, "move"),
        region: edit.region,
        ...(edit.consent ? { move: { from: t.region, data: "start-empty" as const } } : {}),
      }));
    case "cell":
      return withLine(fleet, edit.at, (t) => {
        const cellId = edit.cell === null ? undefined : cellAt(fleet, edit.cell);
        const cell = cellId === undefined ? undefined : fleet.sharedCells[cellId];
        const region = cell?.region ?? t.region;
        const move = { fromCell: t.cell ?? "dedicated", ...(region === t.region ? {} : { from: t.region }), data: "start-empty" as const };
        // A tenant entering a shared cell drops the fields the cell owns.
        const base = cellId === undefined ? without(t, "cell", "move") : without(t, "move", "volumeSizeGb");
        return { ...base, region, ...(cellId === undefined ? {} : { cell: cellId }), ...(edit.consent ? { move } : {}) };
      });
    case "dropMove":
      return withLine(fleet, edit.at, (t) => without(t, "move"));
    case "size":
      return withLine(fleet, edit.at, (t) => (edit.size === null ? without(t, "volumeSizeGb") : { ...t, volumeSizeGb: edit.size }));
    case "wave":
      return withLine(fleet, edit.at, (t) => (edit.wave === null ? without(t, "wave") : { ...t, wave: edit.wave }));
    case "shard":
      return withLine(fleet, edit.at, (t) => (edit.shard === null ? without(t, "shard") : { ...t, shard: edit.shard }));
    case "sharding": {
      const { sharding: _old, ...rest } = fleet;
      return edit.sharding === null ? rest : { ...rest, sharding: edit.sharding };
    }
    case "topology":
      return { ...fleet, topology: edit.topology };
    case "addCell":
      return { ...fleet, sharedCells: { ...fleet.sharedCells, [edit.id]: { region: edit.region, capacity: edit.capacity } } };
    case "removeCell":
      return withCell(fleet, edit.at, () => ({}));
    case "renameCell": {
      const ids = Object.keys(fleet.sharedCells).sort();
      const from = pick(ids, edit.at);
      if (from === undefined || from === edit.to) return fleet;
      const renamed = withCell(fleet, edit.at, (_id, cell) => ({ [edit.to]: cell }));
      return { ...renamed, tenants: renamed.tenants.map((t) => (t.cell === from ? { ...t, cell: edit.to } : t)) };
    }
    case "cellStatus":
      return withCell(fleet, edit.at, (id, cell) => {
        const { status: _old, ...rest } = cell;
        return { [id]: edit.status === "active" ? rest : { ...rest, status: edit.status } };
      });
    case "capacity":
      return withCell(fleet, edit.at, (id, cell) => ({ [id]: { ...cell, capacity: edit.capacity } }));
    case "cellSize":
      return withCell(fleet, edit.at, (id, cell) => ({ [id]: { ...cell, volumeSizeGb: edit.size } }));
    case "extraOutput": {
      const line = pick(fleet.tenants, edit.at);
      return line ? { ...fleet, extraOutput: { name: "archived_released_volumes", tenants: [line.id] } } : fleet;
    }
  }
}

// ---- generators ----

const region = fc.constantFrom<Region>(...REGIONS);
const tenantId = fc.oneof({ weight: 20, arbitrary: fc.constantFrom<string>(...TENANT_IDS) }, { weight: 1, arbitrary: fc.constant(INVALID_ID) });
const cellId = fc.constantFrom<string>(...CELL_IDS);
const cellIndex = fc.nat({ max: 3 });
const at = fc.nat({ max: 7 });
const size = fc.integer({ min: 1, max: 3 });
const sharding: fc.Arbitrary<ShardStrategy> = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map((count): ShardStrategy => ({ by: "hash", count })),
  fc.constantFrom<ShardStrategy>({ by: "region" }, { by: "field" }, { by: "wave" }),
);

/**
 * Edits that move a tenant's cell to another Terraform state (sharding, shard, wave, topology).
 * The real tier leaves them out: they orphan a stack, which fails the apply on the emulator (app
 * names are global there), a known limitation reported apart.
 */
const editArb = (stackMoves: boolean): fc.Arbitrary<Edit> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("add" as const), id: tenantId, region, cell: fc.option(cellIndex, { nil: null }), size: fc.option(size, { nil: null }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("remove" as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("reorder" as const), rotate: at }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("status" as const), at, status: fc.constantFrom("active" as const, "decommissioned" as const, "released" as const) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("advance" as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("region" as const), at, region, consent: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("cell" as const), at, cell: fc.option(cellIndex, { nil: null }), consent: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("dropMove" as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("size" as const), at, size: fc.option(size, { nil: null }) }) },
  { weight: stackMoves ? 1 : 0, arbitrary: fc.record({ op: fc.constant("wave" as const), at, wave: fc.option(fc.constantFrom("canary", "early"), { nil: null }) }) },
  { weight: stackMoves ? 1 : 0, arbitrary: fc.record({ op: fc.constant("shard" as const), at, shard: fc.option(fc.constantFrom("x", "y"), { nil: null }) }) },
  { weight: stackMoves ? 1 : 0, arbitrary: fc.record({ op: fc.constant("sharding" as const), sharding: fc.option(sharding, { nil: null }) }) },
  { weight: stackMoves ? 1 : 0, arbitrary: fc.record({ op: fc.constant("topology" as const), topology: fc.constantFrom<Topology>("shared-app", "app-per-cell") }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("addCell" as const), id: cellId, region, capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("removeCell" as const), at }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("renameCell" as const), at, to: cellId }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("cellStatus" as const), at, status: fc.constantFrom("active" as const, "released" as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("capacity" as const), at, capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cellSize" as const), at, size }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("extraOutput" as const), at }) },
);

/** Weights of the ledger states; a zero leaves one out (to look past a known hole). */
export interface LedgerWeights {
  readonly synced: number;
  readonly missing: number;
  readonly stale: number;
}
export const LEDGER_WEIGHTS: LedgerWeights = { synced: 6, missing: 2, stale: 2 };

const ledgerUse = (w: LedgerWeights): fc.Arbitrary<LedgerUse> =>
  fc.oneof(
    { weight: w.synced, arbitrary: fc.constant("synced" as const) },
    { weight: w.missing, arbitrary: fc.constant("missing" as const) },
    { weight: w.stale, arbitrary: fc.record({ stale: fc.integer({ min: 1, max: 3 }) }) },
  );
const syncUse: fc.Arbitrary<SyncUse> = fc.oneof(
  { weight: 4, arbitrary: fc.constant("all" as const) },
  { weight: 1, arbitrary: fc.record({ only: fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: 2 }) }) },
);

export const stepArb = (w: LedgerWeights = LEDGER_WEIGHTS, stackMoves = true): fc.Arbitrary<Step> =>
  fc.record({ edits: fc.array(editArb(stackMoves), { minLength: 1, maxLength: 3 }), ledger: ledgerUse(w), sync: syncUse });

/** A coherent first fleet: tenants in a shared cell sit in its region. */
export const fleetArb: fc.Arbitrary<Fleet> = fc
  .record({
    topology: fc.constantFrom<Topology>("shared-app", "app-per-cell"),
    sharding: fc.option(sharding, { nil: undefined }),
    cells: fc.uniqueArray(fc.record({ id: cellId, region, capacity: fc.integer({ min: 1, max: 3 }) }), { selector: (c) => c.id, minLength: 1, maxLength: 2 }),
    tenants: fc.uniqueArray(
      fc.record({ id: fc.constantFrom<string>(...TENANT_IDS), region, cell: fc.nat({ max: 3 }), size: fc.option(size, { nil: undefined }), wave: fc.option(fc.constant("canary"), { nil: undefined }), shard: fc.constantFrom("x", "y") }),
      { selector: (t) => t.id, minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ topology, sharding: strategy, cells, tenants }): Fleet => {
    // Cells and tenants share one namespace of ids.
    const usable = cells.filter((c) => !tenants.some((t) => t.id === c.id));
    const sharedCells = Object.fromEntries(usable.map((c) => [c.id, { region: c.region, capacity: c.capacity }]));
    return {
      topology,
      ...(strategy ? { sharding: strategy } : {}),
      sharedCells,
      tenants: tenants.map((t) => {
        const cell = usable[t.cell];
        return {
          id: t.id,
          region: cell?.region ?? t.region,
          ...(cell ? { cell: cell.id } : t.size === undefined ? {} : { volumeSizeGb: t.size }),
          ...(t.wave === undefined ? {} : { wave: t.wave }),
          ...(strategy?.by === "field" ? { shard: cell ? "x" : t.shard } : {}),
        };
      }),
    };
  });

export const scenarioArb = (maxSteps: number, w: LedgerWeights = LEDGER_WEIGHTS, stackMoves = true): fc.Arbitrary<Scenario> =>
  fc.record({ fleet: fleetArb, steps: fc.array(stepArb(w, stackMoves), { minLength: 1, maxLength: maxSteps }) });
