import { GuestSpec, SecretSpec } from "../tenants/spec";

/**
 * How cells map onto Fly apps.
 * - `shared-app`: one Fly app, one machine per tenant (the blueprint's layout). Simple, one set
 *   of addresses and certificates; fine for tens to a few hundred cells.
 * - `app-per-cell`: every cell is its own Fly app (own addresses, secrets scope and, optionally,
 *   network). Fly's recommendation for per-customer machines at scale: autostop works per app,
 *   and Fly's tooling is not built for thousands of machines in one app.
 */
export type Topology = "shared-app" | "app-per-cell";

/** What the Fly Proxy does with an idle machine. */
export type Autostop = "off" | "stop" | "suspend";

/** Address types of `fly_ip`: shared IPv4 (free), dedicated IPv4 (billed), public IPv6, private flycast IPv6. */
export type IpType = "shared_v4" | "public_v4" | "public_v6" | "private_v6";
export const IP_TYPES: readonly IpType[] = ["shared_v4", "public_v4", "public_v6", "private_v6"];

/** What a rollout wave pins for its tenants (a tenant's own `image` still wins). */
export interface WaveSpec {
  /** Image for the wave's tenants. @default the fleet's `image` */
  readonly image?: string;
  /**
   * Environment the wave's tenants get on top of the fleet's `env`, e.g. a feature flag rolled
   * out wave by wave; a tenant line's own `env` still wins. @default none
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** Settings every cell gets unless its tenant line overrides them. */
export interface CellDefaults {
  /** Machine size. @default { cpuKind: "shared", cpus: 1, memoryMb: 256 } */
  readonly guest?: GuestSpec;
  /** Volume size in GB. @default 1 */
  readonly volumeSizeGb?: number;
  /** Whether Fly takes daily snapshots of each volume. @default true */
  readonly autoBackupEnabled?: boolean;
  /** Days Fly keeps each volume's daily snapshots (1–60). @default 5 (Fly's own default) */
  readonly snapshotRetentionDays?: number;
  /** What the Fly Proxy does with an idle cell; "suspend" needs at most 2 GB of memory. @default "stop" */
  readonly autostop?: Autostop;
  /** Whether the Fly Proxy starts a stopped cell on the next request. @default true */
  readonly autostart?: boolean;
  /** Port the app listens on inside the machine. @default 8080 */
  readonly internalPort?: number;
  /** Health check path, kept outside every tenant's routes. @default "/up" */
  readonly healthPath?: string;
  /** Where the cell's volume is mounted (the SQLite database lives there). @default "/data" */
  readonly dataPath?: string;
  /** Environment for every cell; tenant lines add to it. No secrets here: env is plain text. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Machine metadata for every cell; tenant lines add to it. @default none */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Fleet-wide settings: everything about a fleet except its tenant list. */
export interface FleetSettings extends CellDefaults {
  /**
   * Name of the Fly app (shared-app), or the prefix of every cell app (app-per-cell: cell apps
   * are `<appName>-<tenant id>`). Lowercase letters, digits and hyphens; globally unique on Fly.
   */
  readonly appName: string;
  /** Fly organization slug owning the app(s). @default the provider's `org_slug` */
  readonly org?: string;
  /** The image every cell runs unless its tenant line names another. */
  readonly image: string;
  /**
   * Rollout waves by name, e.g. `{ canary: { image: "app:v2" } }`: tenants with `wave: "canary"`
   * run v2 while the rest keep the fleet's image. @default none
   */
  readonly waves?: Readonly<Record<string, WaveSpec>>;
  /** @default "shared-app" */
  readonly topology?: Topology;
  /** Addresses allocated to each app. @default ["shared_v4", "public_v6"] (both free) */
  readonly addresses?: readonly IpType[];
  /**
   * Secrets for every cell (see `SecretSpec`): on the shared app, or on every cell app.
   * @default none
   */
  readonly secrets?: Readonly<Record<string, SecretSpec>>;
  /**
   * app-per-cell only: give each cell app its own private network (named after the app), so
   * cells cannot reach each other over the private network. @default false
   */
  readonly isolatedNetworks?: boolean;
}

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
}

export const DEFAULT_GUEST: Required<GuestSpec> = { cpuKind: "shared", cpus: 1, memoryMb: 256 };

export function resolveSettings(settings: FleetSettings): ResolvedFleetSettings {
  return {
    appName: settings.appName,
    org: settings.org,
    image: settings.image,
    waves: settings.waves ?? {},
    topology: settings.topology ?? "shared-app",
    addresses: settings.addresses ?? ["shared_v4", "public_v6"],
    isolatedNetworks: settings.isolatedNetworks ?? false,
    guest: { ...DEFAULT_GUEST, ...settings.guest },
    volumeSizeGb: settings.volumeSizeGb ?? 1,
    autoBackupEnabled: settings.autoBackupEnabled ?? true,
    secrets: settings.secrets ?? {},
    snapshotRetentionDays: settings.snapshotRetentionDays ?? 5,
    autostop: settings.autostop ?? "stop",
    autostart: settings.autostart ?? true,
    internalPort: settings.internalPort ?? 8080,
    healthPath: settings.healthPath ?? "/up",
    dataPath: settings.dataPath ?? "/data",
    env: settings.env ?? {},
    metadata: settings.metadata ?? {},
  };
}
