import { CELL_ID_ENV, DATA_DIR_ENV, DECOMMISSIONED_TENANTS_ENV, RELEASED_TENANTS_ENV, TENANT_ID_ENV, TENANTS_ENV } from "../cell/env";
import { FlycellValidationError, Problem, ProblemList } from "../tenants/errors";
import { FleetInput, GuestSpec, RoutingSettings, SecretSpec, ShardStrategy, TenantLedger, TenantSpec, TenantStatus } from "../tenants/schema";
import { checkLedgerShape, checkShape, describeValue } from "../tenants/validate";
import { checkFleet, checkTenants } from "./checks";
import { collectCellLedgerProblems, collectLedgerProblems, DEDICATED, ownValue, PlannedStacks, sameLedgerFile } from "./ledger";
import { shardOf, shardOfSharedCell } from "./shards";
import { checkSharedCells } from "./shared-cell-checks";
import { CellVolumes, cellVolumes, collectGenerationProblems, FIRST_VOLUME } from "./generations";
import { MONITOR_URL_ENV } from "../monitor/expected";
import { cellAppNameFor, machineNameFor, monitorUrlFor, volumeNameFor } from "./naming";
import { Autostop, IpType, ownRecord, ResolvedFleetSettings, resolveSettings } from "./settings";
import { collectStateKeyProblems, StateLocation } from "./state-keys";

/**
 * Everything needed to build one cell: a tenant's dedicated cell, resolved from the fleet
 * settings and its line; or a shared cell, resolved from its declaration and its tenants.
 * A tenant in a shared cell also has a spec of its own (status, hostnames, `sharedCell`), but
 * its machine and volume are the shared cell's.
 */
export interface CellSpec {
  /** The tenant's id, or the shared cell's. */
  readonly tenantId: string;
  /** For a tenant in a shared cell: the cell's id. */
  readonly sharedCell?: string;
  /** For a shared cell: its tenants by status, sorted. */
  readonly members?: SharedCellMembers;
  /** Only `active` cells have a machine; `decommissioned` keeps the volume; `released` keeps nothing. */
  readonly status: TenantStatus;
  /**
   * True while the line carries a consented start-empty move: a dedicated cell's volume may be
   * replaced (region move); a tenant entering a shared cell lets its old dedicated volume go.
   */
  readonly replacesVolume: boolean;
  /** The line's consented move, while it carries one: the `cells` output records it for the plan guard. */
  readonly move?: { readonly from?: string; readonly fromCell?: string };
  /** The Fly app the cell's machine lives in (the fleet's app, or the cell's own). */
  readonly appName: string;
  /** The cell's fleet-wide name, `<appName>-<tenant id>` in both topologies. */
  readonly cellName: string;
  /** Set when the cell gets its own Fly app (app-per-cell topology); absent in a shared app. */
  readonly ownApp?: OwnAppSpec;
  readonly region: string;
  readonly machineName: string;
  /** The name of the volume the machine mounts: its current generation's. */
  readonly volumeName: string;
  /** The cell's volume generations: the current one, kept older ones, a release or a recovery in this deploy. */
  readonly volumes: CellVolumes;
  readonly image: string;
  readonly guest: Required<GuestSpec>;
  readonly volumeSizeGb: number;
  readonly autoBackupEnabled: boolean;
  readonly snapshotRetentionDays: number;
  /** Secrets of this tenant only, by name (app-per-cell). Fleet secrets are in the fleet settings. */
  readonly secrets: Readonly<Record<string, SecretSpec>>;
  readonly autostop: Autostop;
  readonly autostart: boolean;
  readonly internalPort: number;
  readonly healthPath: string;
  readonly dataPath: string;
  /** Lowercased custom hostnames, sorted. */
  readonly hostnames: readonly string[];
  /** Machine environment, keys sorted: fleet env, wave env, tenant env, then flycell's own variables. */
  readonly env: Readonly<Record<string, string>>;
  /** Machine metadata, keys sorted: fleet, tenant, then flycell's own keys. */
  readonly metadata: Readonly<Record<string, string>>;
}

export interface SharedCellMembers {
  readonly active: readonly string[];
  readonly decommissioned: readonly string[];
  readonly released: readonly string[];
}

/** The app a cell owns in the app-per-cell topology. */
export interface OwnAppSpec {
  /** @default the provider's org */
  readonly org?: string;
  readonly addresses: readonly IpType[];
  /** A private network of the cell's own; absent means the org's default network. */
  readonly network?: string;
}

export interface PlanOptions {
  /** Tenants deployed before; a list that loses one, moves one or shrinks its volume is refused. @default none: moves and releases are refused */
  readonly ledger?: TenantLedger;
  /** Props that must be functions when set, by name (e.g. `extendCell`); judged with the rest. @default none */
  readonly functions?: Readonly<Record<string, unknown>>;
  /** For `ShardedFleet`: `sharding` and the `configureStack` function are required. @default false */
  readonly sharded?: boolean;
  /**
   * The Terraform stack id the cells go in (`CellFleet`: its enclosing stack), or for
   * `ShardedFleet` its id, which names each shard's stack `<id>-<shard>`. A deployed tenant or
   * shared cell whose ledger entry records another stack is refused.
   * @default unknown: stacks are not judged
   */
  readonly stack?: string;
}

export interface FleetPlan {
  readonly settings: ResolvedFleetSettings;
  /** The routing settings, judged. */
  readonly routing: RoutingSettings;
  /** How the fleet is split across stacks; only for `ShardedFleet`. */
  readonly sharding?: ShardStrategy;
  /** One spec per tenant, sorted by tenant id so list order never matters. */
  readonly cells: readonly CellSpec[];
  /** One spec per shared cell, sorted by cell id. */
  readonly sharedCells: readonly CellSpec[];
  /** Each stack's Terraform state, by stack id, when `stateBackend` is set. */
  readonly stateLocations?: ReadonlyMap<string, StateLocation>;
}

// The env contract is the cell runtime's (lib/cell/env.ts): the plan writes what it reads.
export { DATA_DIR_ENV, TENANT_ID_ENV } from "../cell/env";
/** Metadata keys flycell sets on every machine. */
export const TENANT_METADATA_KEY = "flycell_tenant";
export const CELL_METADATA_KEY = "flycell_cell";

function sortedRecord(record: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  return ownRecord(Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function ownAppOf(settings: ResolvedFleetSettings, cellName: string): OwnAppSpec | undefined {
  if (settings.topology !== "app-per-cell") return undefined;
  return { org: settings.org, addresses: settings.addresses, network: settings.isolatedNetworks ? cellName : undefined };
}

/** What a tenant's machine runs: its own image, else its wave's, else the fleet's; env likewise, merged. */
export function machineConfigOf(settings: ResolvedFleetSettings, tenant: TenantSpec) {
  const wave = tenant.wave === undefined ? undefined : settings.waves[tenant.wave];
  return {
    image: tenant.image ?? wave?.image ?? settings.image,
    env: { ...settings.env, ...wave?.env, ...tenant.env },
    metadata: { ...settings.metadata, ...tenant.metadata },
  };
}

/** Where a cell sends its heartbeats, when the fleet has a monitor (the key is a secret, set apart). */
function monitorEnv(settings: ResolvedFleetSettings): Record<string, string> {
  return settings.monitor ? { [MONITOR_URL_ENV]: monitorUrlFor(settings.appName) } : {};
}

function planCell(settings: ResolvedFleetSettings, tenant: TenantSpec, ledger: TenantLedger | undefined): CellSpec {
  const unit = tenant.cell ?? tenant.id;
  const shared = tenant.cell === undefined ? undefined : settings.sharedCells[tenant.cell];
  const cellName = cellAppNameFor(settings.appName, unit);
  const ownApp = ownAppOf(settings, cellName);
  const config = machineConfigOf(settings, tenant);
  // A tenant in a shared cell has no volume of its own: the cell's generations are the cell's.
  const volumes = tenant.cell === undefined ? cellVolumes(tenant.id, tenant, ownValue(ledger?.tenants, tenant.id)) : FIRST_VOLUME;
  return {
    tenantId: tenant.id,
    sharedCell: tenant.cell,
    status: tenant.status ?? "active",
    // Dedicated: a consented region move replaces the volume. Shared: leaving a dedicated cell releases that one.
    replacesVolume:
      tenant.cell === undefined
        ? tenant.move?.data === "start-empty" && tenant.move.from !== undefined && (tenant.move.fromCell ?? DEDICATED) === DEDICATED
        : tenant.move?.fromCell === DEDICATED,
    ...(tenant.move ? { move: { from: tenant.move.from, fromCell: tenant.move.fromCell } } : {}),
    appName: ownApp ? cellName : settings.appName,
    cellName,
    ownApp,
    region: tenant.region,
    machineName: machineNameFor(unit),
    volumeName: volumeNameFor(unit, volumes.generation),
    volumes,
    image: config.image,
    guest: { ...settings.guest, ...shared?.guest, ...tenant.guest },
    volumeSizeGb: shared?.volumeSizeGb ?? tenant.volumeSizeGb ?? settings.volumeSizeGb,
    autoBackupEnabled: shared?.autoBackupEnabled ?? tenant.autoBackupEnabled ?? settings.autoBackupEnabled,
    secrets: ownRecord(tenant.secrets),
    snapshotRetentionDays: shared?.snapshotRetentionDays ?? tenant.snapshotRetentionDays ?? settings.snapshotRetentionDays,
    autostop: settings.autostop,
    autostart: settings.autostart,
    internalPort: settings.internalPort,
    healthPath: settings.healthPath,
    dataPath: settings.dataPath,
    hostnames: [...new Set((tenant.hostnames ?? []).map((h) => h.toLowerCase()))].sort(),
    env: sortedRecord({ ...config.env, ...monitorEnv(settings), [TENANT_ID_ENV]: tenant.id, [DATA_DIR_ENV]: settings.dataPath }),
    metadata: sortedRecord({ ...config.metadata, [TENANT_METADATA_KEY]: tenant.id, [CELL_METADATA_KEY]: cellName }),
  };
}

/**
 * A shared cell: one machine and volume named after the cell. Its tenants agree on what the
 * machine runs (checked in plan/checks.ts), so the first active one gives image, env and
 * metadata; flycell's variables tell the app which tenants it serves and which left.
 */
function planSharedCell(settings: ResolvedFleetSettings, id: string, tenants: readonly TenantSpec[], ledger: TenantLedger | undefined): CellSpec {
  const declared = settings.sharedCells[id];
  const volumes = cellVolumes(id, declared, ownValue(ledger?.cells, id));
  const byStatus = (status: string) => tenants.filter((t) => t.cell === id && (t.status ?? "active") === status).map((t) => t.id);
  // A tenant moving out (start-empty) left its data here: the app deletes it as a released one's.
  const movedOut = tenants.filter((t) => t.cell !== id && t.move?.fromCell === id).map((t) => t.id);
  const members = {
    active: byStatus("active"),
    decommissioned: byStatus("decommissioned"),
    released: [...byStatus("released"), ...movedOut].sort(),
  };
  const first = tenants.find((t) => t.id === members.active[0]);
  const config = first ? machineConfigOf(settings, first) : { image: settings.image, env: settings.env, metadata: settings.metadata };
  const cellName = cellAppNameFor(settings.appName, id);
  const ownApp = ownAppOf(settings, cellName);
  const active = new Set(members.active);
  return {
    tenantId: id,
    members,
    status: declared.status === "released" ? "released" : "active",
    replacesVolume: false,
    appName: ownApp ? cellName : settings.appName,
    cellName,
    ownApp,
    region: declared.region,
    machineName: machineNameFor(id),
    volumeName: volumeNameFor(id, volumes.generation),
    volumes,
    image: config.image,
    guest: { ...settings.guest, ...declared.guest },
    volumeSizeGb: declared.volumeSizeGb ?? settings.volumeSizeGb,
    autoBackupEnabled: declared.autoBackupEnabled ?? settings.autoBackupEnabled,
    secrets: ownRecord(undefined),
    snapshotRetentionDays: declared.snapshotRetentionDays ?? settings.snapshotRetentionDays,
    autostop: settings.autostop,
    autostart: settings.autostart,
    internalPort: settings.internalPort,
    healthPath: settings.healthPath,
    dataPath: settings.dataPath,
    hostnames: [...new Set(tenants.filter((t) => active.has(t.id)).flatMap((t) => (t.hostnames ?? []).map((h) => h.toLowerCase())))].sort(),
    env: sortedRecord({
      ...config.env,
      ...monitorEnv(settings),
      [CELL_ID_ENV]: id,
      [TENANTS_ENV]: members.active.join(","),
      [DECOMMISSIONED_TENANTS_ENV]: members.decommissioned.join(","),
      [RELEASED_TENANTS_ENV]: members.released.join(","),
      [DATA_DIR_ENV]: settings.dataPath,
    }),
    metadata: sortedRecord({ ...config.metadata, [CELL_METADATA_KEY]: cellName }),
  };
}

/** Where the synth would put each tenant's and shared cell's cell; undefined when that cannot be known. */
function plannedStacks(
  options: PlanOptions,
  sharding: ShardStrategy | undefined,
  tenants: readonly TenantSpec[],
  settings: ResolvedFleetSettings,
): PlannedStacks | undefined {
  const { stack } = options;
  if (stack === undefined || (options.sharded && sharding === undefined)) return undefined;
  const strategy = options.sharded ? sharding : undefined;
  const lines = new Map(tenants.map((line) => [line.id, line]));
  // As ShardedFleet places them: a tenant in a shared cell goes with its cell.
  const stackOfShard = (shard: string) => `${stack}-${shard}`;
  const stackOfCell = (cell: string, region: string) => (strategy ? stackOfShard(shardOfSharedCell(cell, region, lines, strategy)) : stack);
  const tenantStacks = new Map(
    tenants.map((line) => [
      line.id,
      line.cell !== undefined ? stackOfCell(line.cell, line.region) : strategy ? stackOfShard(shardOf(line, strategy)) : stack,
    ]),
  );
  const cells = new Map(Object.entries(settings.sharedCells).map(([id, cell]) => [id, stackOfCell(id, cell.region)]));
  const field = !strategy ? "(stack)" : strategy.by === "field" ? "shard" : strategy.by === "wave" ? "wave" : "sharding";
  return { tenants: tenantStacks, cells, field };
}

/** What the validation pass leaves for the plan: the judged parts, and every problem found. */
interface Judged {
  readonly problems: ProblemList;
  readonly settings?: ResolvedFleetSettings;
  readonly routing?: RoutingSettings;
  readonly sharding?: ShardStrategy;
  readonly tenants: readonly TenantSpec[];
  /** The ledger, judged, with null-prototype records for lookups by id. */
  readonly ledger?: TenantLedger;
  readonly stateLocations?: ReadonlyMap<string, StateLocation>;
}

/** Every stack the fleet makes: CellFleet's one, or a sharded fleet's shared stack, shards, router and monitor. */
function fleetStacks(options: PlanOptions, settings: ResolvedFleetSettings, routing: RoutingSettings | undefined, planned: PlannedStacks | undefined): string[] {
  const { stack } = options;
  if (stack === undefined) return [];
  if (!options.sharded) return [stack];
  const shards = planned ? [...planned.tenants.values(), ...planned.cells.values()] : [];
  return [
    ...(settings.topology === "shared-app" ? [`${stack}-shared`] : []),
    ...shards,
    ...(routing?.router ? [`${stack}-router`] : []),
    ...(settings.monitor ? [`${stack}-monitor`] : []),
  ];
}

/** The one validation pass (shape, then the checks across fields, tenants and the ledger). */
function judge(input: FleetInput, options: PlanOptions): Judged {
  const problems = new ProblemList();
  const { fleet, badFields, lines } = checkShape(input, problems);
  const tenants = lines.map(({ line }) => line);
  const ledgerOk = options.ledger === undefined || checkLedgerShape(options.ledger, problems);
  // Tenant and cell ids are looked up in the ledger: `constructor` must find nothing there.
  const ledger =
    ledgerOk && options.ledger
      ? sameLedgerFile(options.ledger, { ...options.ledger, tenants: ownRecord(options.ledger.tenants), cells: ownRecord(options.ledger.cells) })
      : undefined;
  const raw: Partial<Record<string, unknown>> = typeof input === "object" && input !== null ? input : {};
  for (const [name, value] of Object.entries(options.functions ?? {})) {
    if (value === undefined && options.sharded && name === "configureStack") problems.add("fleet", name, "is required: it adds the provider and backend to every stack the fleet makes");
    else if (value !== undefined && typeof value !== "function") problems.add("fleet", name, `must be a function, got ${describeValue(value)}`);
  }
  if (options.sharded && raw.sharding === undefined) {
    problems.add("fleet", "sharding", 'is required: a ShardedFleet splits the fleet into stacks by it, e.g. { by: "hash", count: 16 }');
  }
  // The checks across fields run on whatever parts have the right shape, so one run reports all.
  const ok = (field: string) => !badFields.has(field);
  const routing = ok("routing") ? (fleet.routing ?? {}) : undefined;
  const sharding = ok("sharding") ? fleet.sharding : undefined;
  const settingsOk = [...badFields].every((field) => ["tenants", "routing", "sharding", "stateBackend"].includes(field));
  const settings = settingsOk ? resolveSettings(fleet, fleet.routing?.router !== undefined) : undefined;
  if (settings) checkFleet(settings, routing, problems);
  checkTenants(raw.tenants, lines, settings, routing, sharding, problems);
  if (settings) checkSharedCells(lines, settings, ledger, sharding, problems);
  const stacks = settings ? plannedStacks(options, sharding, tenants, settings) : undefined;
  if (settings && ledgerOk) collectLedgerProblems(ledger, raw.tenants, tenants, settings, problems, stacks);
  if (settings && ledgerOk) collectCellLedgerProblems(ledger, settings, problems, stacks);
  if (settings && ledgerOk) collectGenerationProblems(ledger, tenants, settings, problems);
  const backend = ok("stateBackend") ? fleet.stateBackend : undefined;
  const stateLocations =
    settings && backend ? collectStateKeyProblems(backend, settings.appName, fleetStacks(options, settings, routing, stacks), problems) : undefined;
  return { problems, settings, routing, sharding, tenants, ledger, stateLocations };
}

/**
 * The validation pass alone, as `planFleet` runs it: every problem of the input, none thrown,
 * nothing planned. Empty when `planFleet` would plan the input.
 */
export function validateFleet(input: FleetInput, options: PlanOptions = {}): readonly Problem[] {
  return judge(input, options).problems.all;
}

/**
 * The one validation pass, then the plan. Everything the library accepts (settings, tenant
 * lines, routing, router, sharding, the ledger) is judged before any construct exists: every
 * problem is collected and thrown together as one `FlycellValidationError`, naming the tenant
 * (or `fleet`) and the field. Pure: no cdktf, no I/O.
 */
export function planFleet(input: FleetInput, options: PlanOptions = {}): FleetPlan {
  const { problems, settings, routing, sharding, tenants, ledger, stateLocations } = judge(input, options);
  problems.throwIfAny("fleet configuration");
  if (!settings || !routing) throw new FlycellValidationError("fleet configuration", problems.all); // unreachable: both fail only with problems
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = [...tenants].sort(byId);
  const cells = sorted.map((tenant) => planCell(settings, tenant, ledger));
  // Each shared cell's tenants: those in it and those moving out of it, in id order.
  const byCell = new Map<string, TenantSpec[]>();
  const addTo = (cell: string | undefined, tenant: TenantSpec) => {
    if (cell === undefined || settings.sharedCells[cell] === undefined) return;
    const list = byCell.get(cell);
    if (list) {
      if (list[list.length - 1] !== tenant) list.push(tenant);
    } else byCell.set(cell, [tenant]);
  };
  for (const tenant of sorted) {
    addTo(tenant.cell, tenant);
    addTo(tenant.move?.fromCell, tenant);
  }
  const sharedCells = Object.keys(settings.sharedCells)
    .sort()
    .map((id) => planSharedCell(settings, id, byCell.get(id) ?? [], ledger));
  return { settings, routing, sharding, cells, sharedCells, stateLocations };
}
