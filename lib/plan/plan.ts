import { ProblemList } from "../tenants/errors";
import {
  APP_NAME_MAX,
  SLUG_PATTERN,
  SNAPSHOT_RETENTION_MAX,
  SNAPSHOT_RETENTION_MIN,
  VOLUME_NAME_MAX,
  VOLUME_SIZE_GB_MAX,
  VOLUME_SIZE_GB_MIN,
  guestProblem,
  suspendProblem,
} from "../tenants/limits";
import { GuestSpec, SecretSpec, TenantSpec, TenantStatus } from "../tenants/spec";
import {
  ENV_KEY_PATTERN,
  IMAGE_PATTERN,
  RESERVED_ENV_PREFIXES,
  RESERVED_METADATA_PREFIXES,
  Report,
  TenantRules,
  checkInteger,
  checkSecrets,
  checkStringMap,
  collectTenantProblems,
  isPlainObject,
} from "../tenants/validate";
import { collectLedgerProblems, TenantLedger } from "./ledger";
import { cellAppNameFor, machineNameFor, VOLUME_NAME_PREFIX, volumeNameFor } from "./naming";
import { Autostop, FleetSettings, IP_TYPES, IpType, ResolvedFleetSettings, resolveSettings } from "./settings";

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
  /** Tenants deployed before; a list that loses one, moves one or shrinks its volume is refused. @default no ledger check */
  readonly ledger?: TenantLedger;
  /** More checks of the resolved settings whose problems are reported together with the rest. */
  readonly extraChecks?: (resolved: ResolvedFleetSettings, problems: ProblemList) => void;
}

export interface FleetPlan {
  readonly settings: ResolvedFleetSettings;
  /** One spec per tenant, sorted by tenant id so list order never matters. */
  readonly cells: readonly CellSpec[];
}

/** Environment variables flycell sets in every cell. */
export const TENANT_ID_ENV = "FLYCELL_TENANT_ID";
export const DATA_DIR_ENV = "FLYCELL_DATA_DIR";
/** Metadata keys flycell sets on every machine. */
export const TENANT_METADATA_KEY = "flycell_tenant";
export const CELL_METADATA_KEY = "flycell_cell";

/** Tenant ids that always clash with fleet names: a future router app and the `www` subdomain. */
const ALWAYS_RESERVED_IDS = ["router", "www"];

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function checkSettings(settings: FleetSettings, resolved: ResolvedFleetSettings, problems: ProblemList): void {
  const report: Report = (field, message) => problems.add("fleet", field, message);
  if (typeof settings.appName !== "string" || !SLUG_PATTERN.test(settings.appName)) {
    report("appName", `${JSON.stringify(settings.appName)} is not a valid Fly app name: use lowercase letters, digits and single hyphens`);
  } else if (settings.appName.length > APP_NAME_MAX) {
    report("appName", `is ${settings.appName.length} characters; Fly allows ${APP_NAME_MAX}`);
  }
  if (settings.org !== undefined && !SLUG_PATTERN.test(settings.org)) {
    report("org", `${JSON.stringify(settings.org)} is not an organization slug`);
  }
  if (typeof settings.image !== "string" || !IMAGE_PATTERN.test(settings.image)) {
    report("image", `must be an image reference without spaces, got ${JSON.stringify(settings.image)}`);
  }
  for (const [name, wave] of Object.entries(resolved.waves)) {
    if (!SLUG_PATTERN.test(name)) report(`waves.${name}`, "wave names are lowercase letters, digits and single hyphens");
    if (wave.image !== undefined && !IMAGE_PATTERN.test(wave.image)) {
      report(`waves.${name}.image`, `must be an image reference without spaces, got ${JSON.stringify(wave.image)}`);
    }
    if (wave.env !== undefined) checkStringMap(wave.env, `waves.${name}.env`, ENV_KEY_PATTERN, RESERVED_ENV_PREFIXES, report);
  }
  if (resolved.topology !== "shared-app" && resolved.topology !== "app-per-cell") {
    report("topology", `must be "shared-app" or "app-per-cell", got ${JSON.stringify(resolved.topology)}`);
  }
  if (resolved.isolatedNetworks && resolved.topology !== "app-per-cell") {
    report("isolatedNetworks", 'needs topology "app-per-cell": one shared app has one network');
  }
  const unknownIps = resolved.addresses.filter((t) => !IP_TYPES.includes(t));
  if (unknownIps.length > 0) report("addresses", `unknown address types ${unknownIps.join(", ")}; use ${IP_TYPES.join(", ")}`);
  if (new Set(resolved.addresses).size !== resolved.addresses.length) report("addresses", "lists a type twice");
  const guest = guestProblem(resolved.guest.cpuKind, resolved.guest.cpus, resolved.guest.memoryMb);
  if (guest) report("guest", guest);
  const suspend = suspendProblem(resolved.autostop, resolved.guest.memoryMb);
  if (suspend) report("guest.memoryMb", suspend);
  checkInteger(resolved.volumeSizeGb, VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX, "volumeSizeGb", report);
  checkInteger(resolved.snapshotRetentionDays, SNAPSHOT_RETENTION_MIN, SNAPSHOT_RETENTION_MAX, "snapshotRetentionDays", report);
  checkInteger(resolved.internalPort, 1, 65535, "internalPort", report);
  if (!["off", "stop", "suspend"].includes(resolved.autostop)) {
    report("autostop", `must be "off", "stop" or "suspend", got ${JSON.stringify(resolved.autostop)}`);
  }
  if (!/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(resolved.healthPath)) {
    report("healthPath", `must be an absolute path such as "/up", got ${JSON.stringify(resolved.healthPath)}`);
  }
  if (!/^(\/[A-Za-z0-9._-]+)+$/.test(resolved.dataPath)) {
    report("dataPath", `must be an absolute directory other than "/", got ${JSON.stringify(resolved.dataPath)}`);
  }
  checkStringMap(resolved.env, "env", ENV_KEY_PATTERN, RESERVED_ENV_PREFIXES, report);
  checkSecrets(resolved.secrets, "secrets", report);
  if (typeof resolved.autoBackupEnabled !== "boolean") report("autoBackupEnabled", "must be true or false");
  checkStringMap(resolved.metadata, "metadata", undefined, RESERVED_METADATA_PREFIXES, report);
}

function tenantRules(settings: ResolvedFleetSettings): TenantRules {
  const volumeRoom = VOLUME_NAME_MAX - VOLUME_NAME_PREFIX.length;
  // The cell name `<appName>-<id>` is an app name in app-per-cell fleets and a metadata value in both.
  const appRoom = APP_NAME_MAX - String(settings.appName).length - 1;
  const healthSegment = String(settings.healthPath).split("/")[1] ?? "";
  return {
    defaultGuest: settings.guest,
    topology: settings.topology,
    waves: Object.keys(settings.waves),
    autostop: settings.autostop,
    maxIdLength: Math.max(1, Math.min(volumeRoom, appRoom)),
    reservedIds: [...new Set([healthSegment, ...ALWAYS_RESERVED_IDS].filter((s) => s !== ""))],
  };
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
 * Turns fleet settings and a tenant list into cell specs. Pure: no cdktf, no I/O. Throws one
 * `FlycellValidationError` listing every problem in the settings and the list.
 */
export function planFleet(settings: FleetSettings, tenants: unknown, options: PlanOptions = {}): FleetPlan {
  const problems = new ProblemList();
  const resolved = resolveSettings(settings);
  checkSettings(settings, resolved, problems);
  options.extraChecks?.(resolved, problems);
  const listOk = collectTenantProblems(tenants, tenantRules(resolved), problems);
  if (options.ledger && Array.isArray(tenants)) {
    collectLedgerProblems(options.ledger, tenants.filter(isPlainObject) as unknown as TenantSpec[], resolved, problems);
  }
  problems.throwIfAny("fleet configuration");
  const valid: readonly TenantSpec[] = listOk ? tenants : [];
  const cells = [...valid]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((tenant) => planCell(resolved, tenant));
  return { settings: resolved, cells };
}
