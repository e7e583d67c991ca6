import { FlycellValidationError, ProblemList } from "../tenants/errors";
import { FleetInput, GuestSpec, RoutingSettings, SecretSpec, ShardStrategy, TenantLedger, TenantSpec, TenantStatus } from "../tenants/schema";
import { checkLedgerShape, checkShape } from "../tenants/validate";
import { checkFleet, checkTenants } from "./checks";
import { collectLedgerProblems } from "./ledger";
import { cellAppNameFor, machineNameFor, volumeNameFor } from "./naming";
import { Autostop, IpType, ResolvedFleetSettings, resolveSettings } from "./settings";

/** Everything needed to build one cell, resolved from the fleet settings and one tenant line. */
export interface CellSpec {
  readonly tenantId: string;
  /** Only `active` cells have a machine; `decommissioned` keeps the volume; `released` keeps nothing. */
  readonly status: TenantStatus;
  /** True while the line carries a start-empty region move: the volume may be replaced. */
  readonly replacesVolume: boolean;
  /** The Fly app the cell's machine lives in (the fleet's app, or the cell's own). */
  readonly appName: string;
  /** The cell's fleet-wide name, `<appName>-<tenant id>` in both topologies. */
  readonly cellName: string;
  /** Set when the cell gets its own Fly app (app-per-cell topology); absent in a shared app. */
  readonly ownApp?: OwnAppSpec;
  readonly region: string;
  readonly machineName: string;
  readonly volumeName: string;
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
}

export interface FleetPlan {
  readonly settings: ResolvedFleetSettings;
  /** The routing settings, judged. */
  readonly routing: RoutingSettings;
  /** How the fleet is split across stacks; only for `ShardedFleet`. */
  readonly sharding?: ShardStrategy;
  /** One spec per tenant, sorted by tenant id so list order never matters. */
  readonly cells: readonly CellSpec[];
}

/** Environment variables flycell sets in every cell. */
export const TENANT_ID_ENV = "FLYCELL_TENANT_ID";
export const DATA_DIR_ENV = "FLYCELL_DATA_DIR";
/** Metadata keys flycell sets on every machine. */
export const TENANT_METADATA_KEY = "flycell_tenant";
export const CELL_METADATA_KEY = "flycell_cell";

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function planCell(settings: ResolvedFleetSettings, tenant: TenantSpec): CellSpec {
  const wave = tenant.wave === undefined ? undefined : settings.waves[tenant.wave];
  const cellName = cellAppNameFor(settings.appName, tenant.id);
  const ownApp: OwnAppSpec | undefined =
    settings.topology === "app-per-cell"
      ? {
          org: settings.org,
          addresses: settings.addresses,
          network: settings.isolatedNetworks ? cellName : undefined,
        }
      : undefined;
  return {
    tenantId: tenant.id,
    status: tenant.status ?? "active",
    replacesVolume: tenant.move !== undefined,
    appName: ownApp ? cellName : settings.appName,
    cellName,
    ownApp,
    region: tenant.region,
    machineName: machineNameFor(tenant.id),
    volumeName: volumeNameFor(tenant.id),
    image: tenant.image ?? wave?.image ?? settings.image,
    guest: { ...settings.guest, ...tenant.guest },
    volumeSizeGb: tenant.volumeSizeGb ?? settings.volumeSizeGb,
    autoBackupEnabled: tenant.autoBackupEnabled ?? settings.autoBackupEnabled,
    secrets: tenant.secrets ?? {},
    snapshotRetentionDays: tenant.snapshotRetentionDays ?? settings.snapshotRetentionDays,
    autostop: settings.autostop,
    autostart: settings.autostart,
    internalPort: settings.internalPort,
    healthPath: settings.healthPath,
    dataPath: settings.dataPath,
    hostnames: [...new Set((tenant.hostnames ?? []).map((h) => h.toLowerCase()))].sort(),
    env: sortedRecord({ ...settings.env, ...wave?.env, ...tenant.env, [TENANT_ID_ENV]: tenant.id, [DATA_DIR_ENV]: settings.dataPath }),
    metadata: sortedRecord({
      ...settings.metadata,
      ...tenant.metadata,
      [TENANT_METADATA_KEY]: tenant.id,
      [CELL_METADATA_KEY]: cellName,
    }),
  };
}

/**
 * The one validation pass, then the plan. Everything the library accepts (settings, tenant
 * lines, routing, router, sharding, the ledger) is judged before any construct exists: every
 * problem is collected and thrown together as one `FlycellValidationError`, naming the tenant
 * (or `fleet`) and the field. Pure: no cdktf, no I/O.
 */
export function planFleet(input: FleetInput, options: PlanOptions = {}): FleetPlan {
  const problems = new ProblemList();
  const { fleet, badFields, lines } = checkShape(input, problems);
  const tenants = lines.map(({ line }) => line);
  const ledgerOk = options.ledger === undefined || checkLedgerShape(options.ledger, problems);
  for (const [name, value] of Object.entries(options.functions ?? {})) {
    if (value !== undefined && typeof value !== "function") problems.add("fleet", name, `must be a function, got ${JSON.stringify(value)}`);
  }
  // The checks across fields run on whatever parts have the right shape, so one run reports all.
  const ok = (field: string) => !badFields.has(field);
  const routing = ok("routing") ? (fleet.routing ?? {}) : undefined;
  const sharding = ok("sharding") ? fleet.sharding : undefined;
  const settingsOk = [...badFields].every((field) => ["tenants", "routing", "sharding"].includes(field));
  const settings = settingsOk ? resolveSettings(fleet, fleet.routing?.router !== undefined) : undefined;
  if (settings) checkFleet(settings, routing, problems);
  checkTenants(input.tenants, lines, settings, routing, sharding, problems);
  if (settings && ledgerOk) collectLedgerProblems(options.ledger, input.tenants, tenants, settings, problems);
  problems.throwIfAny("fleet configuration");
  if (!settings || !routing) throw new FlycellValidationError("fleet configuration", problems.all); // unreachable: both fail only with problems
  const cells = [...tenants].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((tenant) => planCell(settings, tenant));
  return { settings, routing, sharding, cells };
}
