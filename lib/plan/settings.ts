import { MONITOR_SECRET_ENV } from "../monitor/expected";
import { Autostop, FleetSettings, GuestSpec, IpType, MonitorSettings, SecretSpec, SharedCellSpec, Topology, WaveSpec } from "../tenants/schema";

export type { Autostop, FleetSettings, IpType, Topology, WaveSpec };

/** Fleet settings with every default filled in. */
export interface ResolvedFleetSettings {
  readonly appName: string;
  readonly org?: string;
  readonly image: string;
  readonly waves: Readonly<Record<string, WaveSpec>>;
  readonly topology: Topology;
  readonly addresses: readonly IpType[];
  readonly isolatedNetworks: boolean;
  readonly guest: Required<GuestSpec>;
  readonly volumeSizeGb: number;
  readonly autoBackupEnabled: boolean;
  readonly snapshotRetentionDays: number;
  readonly secrets: Readonly<Record<string, SecretSpec>>;
  readonly autostop: Autostop;
  readonly autostart: boolean;
  readonly internalPort: number;
  readonly healthPath: string;
  readonly dataPath: string;
  readonly env: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly sharedCells: Readonly<Record<string, SharedCellSpec>>;
  readonly monitor?: MonitorSettings;
}

/**
 * A copy of a user-keyed record without a prototype: ids, names and keys the user chose
 * (`constructor`, `toString`) then look up as what they are, never as Object's own members.
 * Every such record in plan/ is one of these.
 */
export function ownRecord<T>(record: Readonly<Record<string, T>> | undefined): Readonly<Record<string, T>> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of Object.entries(record ?? {})) out[key] = value;
  return out;
}

export const DEFAULT_GUEST: Required<GuestSpec> = { cpuKind: "shared", cpus: 1, memoryMb: 256 };

/** Fills in every default; the settings are already judged by the validation pass. */
export function resolveSettings(settings: FleetSettings, hasRouter = false): ResolvedFleetSettings {
  return {
    appName: settings.appName,
    org: settings.org,
    image: settings.image,
    waves: ownRecord(Object.fromEntries(Object.entries(settings.waves ?? {}).map(([name, wave]) => [name, { ...wave, env: ownRecord(wave.env) }]))),
    topology: settings.topology ?? "shared-app",
    addresses: cellAddresses(settings.addresses, hasRouter),
    isolatedNetworks: settings.isolatedNetworks ?? false,
    guest: { ...DEFAULT_GUEST, ...settings.guest },
    volumeSizeGb: settings.volumeSizeGb ?? 1,
    autoBackupEnabled: settings.autoBackupEnabled ?? true,
    // With a monitor, the heartbeat key is one more fleet secret: every cell's app gets it.
    secrets: ownRecord(
      settings.monitor ? { ...settings.secrets, [MONITOR_SECRET_ENV]: { version: settings.monitor.secretVersion ?? "1" } } : settings.secrets,
    ),
    snapshotRetentionDays: settings.snapshotRetentionDays ?? 5,
    autostop: settings.autostop ?? "stop",
    autostart: settings.autostart ?? true,
    internalPort: settings.internalPort ?? 8080,
    healthPath: settings.healthPath ?? "/up",
    dataPath: settings.dataPath ?? "/data",
    env: ownRecord(settings.env),
    metadata: ownRecord(settings.metadata),
    sharedCells: ownRecord(settings.sharedCells),
    monitor: settings.monitor,
  };
}

/** With a router, cells need a flycast address and, unless told otherwise, nothing public. */
function cellAddresses(addresses: readonly IpType[] | undefined, hasRouter: boolean): readonly IpType[] {
  if (!hasRouter) return addresses ?? ["shared_v4", "public_v6"];
  if (addresses === undefined) return ["private_v6"];
  return addresses.includes("private_v6") ? addresses : [...addresses, "private_v6"];
}
