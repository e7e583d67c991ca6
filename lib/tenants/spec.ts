/** Fly's CPU kinds: burstable shared cores or dedicated performance cores. */
export type CpuKind = "shared" | "performance";

/**
 * Where a tenant is in its life. Lines are never deleted; a tenant leaves in two steps:
 * - `active`: a full cell;
 * - `decommissioned`: machine, certificates and routes removed; the volume (the data) stays;
 * - `released`: the volume is let go too; the id stays taken for good.
 */
export type TenantStatus = "active" | "decommissioned" | "released";
export const TENANT_STATUSES: readonly TenantStatus[] = ["active", "decommissioned", "released"];

/**
 * A secret the cell's machine receives as an environment variable. Only its version is in
 * code: the value comes from the sensitive Terraform variable `fly_secret_…` at plan time
 * and is never in the synthesized JSON or the state. Bump `version` to rotate.
 */
export interface SecretSpec {
  /** Any non-secret marker, e.g. "1" or "2026-11". Changing it re-sends the value and restarts the machines using it. */
  readonly version: string;
}

/**
 * Consent to move a tenant to another region. A Fly volume cannot move and the provider cannot
 * restore a snapshot into a new volume, so the only move flycell performs is "start-empty": the
 * old volume is destroyed and an empty one created in the new region. To keep the data, add
 * the tenant under a new id instead (see README, "Moving a tenant").
 */
export interface RegionMove {
  /** The region the tenant is leaving; must match what was deployed. */
  readonly from: string;
  /** What happens to the data: it is not carried over. */
  readonly data: "start-empty";
}

/** A machine's size. Fields left out fall back to the fleet's default guest. */
export interface GuestSpec {
  /** @default the fleet's `guest.cpuKind` ("shared") */
  readonly cpuKind?: CpuKind;
  /** Number of vCPUs: 1, 2, 4 or 8 (shared); 1, 2, 4, 8 or 16 (performance). @default the fleet's `guest.cpus` (1) */
  readonly cpus?: number;
  /** Memory in MB, a multiple of 256 within Fly's range for the CPU kind and count. @default the fleet's `guest.memoryMb` (256) */
  readonly memoryMb?: number;
}

/**
 * One line of the tenant list: one customer, one cell. Everything but `id` and `region`
 * is optional and overrides the fleet's default for this tenant only.
 */
export interface TenantSpec {
  /**
   * The tenant's stable id: lowercase letters, digits and single hyphens, starting with a
   * letter. Names of the tenant's Fly resources and construct ids derive from it, so it
   * must never change once deployed.
   */
  readonly id: string;
  /** Fly region code of the tenant's cell, e.g. "ams". See `FLY_REGIONS`. */
  readonly region: string;
  /** Custom hostnames served by this cell; each gets a certificate. @default none */
  readonly hostnames?: readonly string[];
  /** Machine size. @default the fleet's `guest` */
  readonly guest?: GuestSpec;
  /** Size of the tenant's volume in GB (1–500; volumes can only grow). @default the fleet's `volumeSizeGb` (1) */
  readonly volumeSizeGb?: number;
  /** Image for this tenant's machine, e.g. a canary build. @default the fleet's `image` */
  readonly image?: string;
  /** Extra environment variables, merged over the fleet's `env`. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra machine metadata, merged over the fleet's `metadata`. @default none */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Days Fly keeps the volume's daily snapshots (1–60). @default the fleet's `snapshotRetentionDays` (5) */
  readonly snapshotRetentionDays?: number;
  /** @default "active" */
  readonly status?: TenantStatus;
  /** Secrets of this tenant only (app-per-cell topology: a shared app shows every secret to every machine). @default none */
  readonly secrets?: Readonly<Record<string, SecretSpec>>;
  /** The tenant's shard, for fleets sharded `by: "field"`. @default none */
  readonly shard?: string;
  /** The rollout wave the tenant belongs to, e.g. "canary"; a wave may pin its own image. @default none (the fleet's settings) */
  readonly wave?: string;
  /** Set only for the deploy that moves the tenant, then remove it. @default none: region changes are refused */
  readonly move?: RegionMove;
  /** Whether Fly takes daily snapshots of the volume. @default the fleet's `autoBackupEnabled` (true) */
  readonly autoBackupEnabled?: boolean;
}

/** The field names a tenant line may carry; anything else is a typo and refused. */
export const TENANT_FIELDS: readonly (keyof TenantSpec)[] = [
  "id",
  "region",
  "hostnames",
  "guest",
  "volumeSizeGb",
  "image",
  "env",
  "metadata",
  "snapshotRetentionDays",
  "status",
  "secrets",
  "autoBackupEnabled",
  "move",
  "wave",
  "shard",
];

export const GUEST_FIELDS: readonly (keyof GuestSpec)[] = ["cpuKind", "cpus", "memoryMb"];
