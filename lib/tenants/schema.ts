import { z } from "zod";
import { FLY_REGIONS, FLY_REGIONS_AS_OF } from "./regions";
import {
  APP_NAME_MAX,
  SLUG_PATTERN,
  SNAPSHOT_RETENTION_MAX,
  SNAPSHOT_RETENTION_MIN,
  VOLUME_SIZE_GB_MAX,
  VOLUME_SIZE_GB_MIN,
} from "./limits";
import { hostnameProblem } from "./hostnames";
import { describeValue } from "./errors";

/**
 * The shape of everything flycell accepts, declared once. Types are inferred from it, the
 * validation pass parses with it, and `npm run schema` writes it out as JSON Schema for
 * editors. Rules a shape cannot say (Fly's machine sizes, rules across tenants, the ledger)
 * are checked by hand in plan/checks.ts.
 */

/** An object that refuses fields it does not declare, listing the ones it does. */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `allowed fields are ${allowed}` : undefined),
  });
}

/** An error message for a value that is there; a missing one falls through to "is required". */
const given =
  (text: (input: unknown) => string) =>
  (issue: { input?: unknown }): string | undefined =>
    issue.input === undefined ? undefined : text(issue.input);

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const REGION_CODES = Object.keys(FLY_REGIONS) as [string, ...string[]];

const slug = (what: string) => {
  const error = given((input) => `${describeValue(input)} is not ${what}: use lowercase letters, digits and single hyphens, starting with a letter`);
  return z.string({ error }).regex(SLUG_PATTERN, { error });
};

const region = z.enum(REGION_CODES, {
  error: given((input) => `${describeValue(input)} is not a Fly region (list of ${FLY_REGIONS_AS_OF}: ${REGION_CODES.join(", ")})`),
});

const wholeNumber = (min: number, max: number) => {
  const error = given((input) => `must be a whole number from ${min} to ${max}, got ${describeValue(input)}`);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const hostname = z.string().superRefine((value, ctx) => {
  const problem = hostnameProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const imageError = given((input) => `must be an image reference without spaces, got ${describeValue(input)}`);
const image = z.string({ error: imageError }).regex(/^\S+$/, { error: imageError });

/** Names Fly sets inside machines, and those flycell sets: refused in any case (`fly_app_name` too). */
export const RESERVED_ENV_PREFIXES = ["FLY_", "FLYCELL_"];
/** Metadata keys Fly interprets, and those flycell sets. */
export const RESERVED_METADATA_PREFIXES = ["fly_", "flycell_"];

const notReserved = (prefixes: readonly string[]) => (key: string, ctx: z.core.$RefinementCtx<string>) => {
  const reserved = prefixes.find((p) => key.toLowerCase().startsWith(p.toLowerCase()));
  if (reserved) ctx.addIssue({ code: "custom", message: `names starting with "${reserved}" (in any case) are reserved` });
};

export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envKey = z
  .string()
  .regex(ENV_KEY_PATTERN, { error: "is not a valid environment variable name: letters, digits and underscores" })
  .superRefine(notReserved(RESERVED_ENV_PREFIXES));
const metadataKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, { error: "is not a valid metadata key: letters, digits, '_', '-' and '.', at most 63" })
  .superRefine(notReserved(RESERVED_METADATA_PREFIXES));

const stringMap = (key: z.ZodType<string>) => z.record(key, z.string()).readonly();

/** Fly's CPU kinds: burstable shared cores or dedicated performance cores. */
export const cpuKindSchema = z.enum(["shared", "performance"]);

export const guestSchema = strictObject({
  /** @default the fleet's `guest.cpuKind` ("shared") */
  cpuKind: cpuKindSchema.optional(),
  /** vCPUs: 1, 2, 4 or 8 (shared); 1, 2, 4, 8 or 16 (performance). @default the fleet's `guest.cpus` (1) */
  cpus: z.number().int().optional(),
  /** Memory in MB, a multiple of 256 within Fly's range for the CPU kind and count. @default the fleet's `guest.memoryMb` (256) */
  memoryMb: z.number().int().optional(),
}).readonly();

/**
 * A secret the machines receive as an environment variable. Only its version is in code: the
 * value comes from an ephemeral Terraform variable and is never in the JSON, a plan or the state.
 */
export const secretSchema = strictObject({
  /** Any non-secret marker, e.g. "1" or "2026-11". Changing it re-sends the value and restarts the machines using it. */
  version: z.string().min(1, { error: "must be a non-empty marker such as \"1\"" }),
}).readonly();

const SECRET_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
const secretName = z
  .string()
  .regex(SECRET_NAME_PATTERN, { error: "secret names are upper-case letters, digits and underscores" })
  .superRefine(notReserved(RESERVED_ENV_PREFIXES));
const secrets = z.record(secretName, secretSchema).readonly();

/** A volume generation: 0 is a cell's first volume; each restore or move with data makes the next. */
export const VOLUME_GENERATION_MAX = 99;
const generation = wholeNumber(1, VOLUME_GENERATION_MAX);

/** A snapshot flycell restores: the newest one, or a snapshot id as `flycell volumes snapshots` lists it. */
export const SNAPSHOT_ID_PATTERN = /^vs_[A-Za-z0-9]+$/;
const snapshotError = given((input) => `must be "latest" or a snapshot id such as "vs_2x4…" (see \`flycell volumes snapshots\`), got ${describeValue(input)}`);
const snapshotRef = z.union([z.literal("latest"), z.string().regex(SNAPSHOT_ID_PATTERN, { error: snapshotError })], { error: snapshotError });

/**
 * Bring a cell's data back onto a new volume made from a snapshot of its current one (after a
 * host failure, or to undo a bad change). The old volume is kept until `releaseVolumes` lets it go.
 */
export const restoreSchema = strictObject({
  /** "latest", or a snapshot id of the current volume. */
  snapshot: snapshotRef,
  /** The volume generation this restore makes: one more than the current one (the ledger's). @default 1 */
  generation: generation.optional(),
}).readonly();

/**
 * Consent to move a tenant to another region or cell. "start-empty": the old volume goes and an
 * empty one is made in the new place. "fork": a region move that keeps the data, on a copy of
 * the volume made in the new region; the old volume is kept until `releaseVolumes` lets it go.
 */
export const regionMoveSchema = strictObject({
  /** The region the tenant is leaving; must match what the ledger says was deployed. @default no region change */
  from: region.optional(),
  /** The shared cell the tenant is leaving, or "dedicated" for its own cell; must match the ledger. @default no cell change */
  fromCell: z.string().min(1).optional(),
  /** What happens to the data: "start-empty" (not carried over) or "fork" (copied to the new region). */
  data: z.enum(["start-empty", "fork"], {
    error: (i) => `must be "start-empty" (the data is not carried over) or "fork" (copied to the new region), got ${describeValue(i.input)}`,
  }),
  /** With "fork": the volume generation the copy is, one more than the current one (the ledger's). @default 1 */
  generation: generation.optional(),
})
  .refine((move) => move.from !== undefined || move.fromCell !== undefined, { error: 'names what the tenant leaves: "from" (a region) and/or "fromCell"' })
  .readonly();

/** Generations of a cell's kept older volumes to let go, e.g. [0] once a restore is deployed and checked. */
const releaseVolumes = z
  .array(wholeNumber(0, VOLUME_GENERATION_MAX - 1))
  .readonly()
  .refine(unique, { error: "lists a generation twice" });

/** Where a tenant is in its life: active, then decommissioned (volume kept), then released (volume gone). */
export const tenantStatusSchema = z.enum(["active", "decommissioned", "released"]);

/** One line of the tenant list: one customer, one cell. Optional fields override the fleet's default for this tenant. */
export const tenantSchema = strictObject({
  /** Stable id: lowercase letters, digits and single hyphens, starting with a letter. Names derive from it: never change it once deployed. */
  id: slug("a valid id"),
  /** Fly region code of the tenant's cell, e.g. "ams". See `FLY_REGIONS`. */
  region,
  /** Custom hostnames served by this cell (`*.` wildcards allowed); each gets a certificate. @default none */
  hostnames: z.array(hostname).readonly().optional(),
  /** Machine size; fields left out come from the fleet's guest. @default the fleet's `guest` */
  guest: guestSchema.optional(),
  /** Volume size in GB (1–500; volumes only grow). @default the fleet's `volumeSizeGb` (1) */
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX).optional(),
  /** Image for this tenant's machine, e.g. a canary build. @default the wave's image, else the fleet's `image` */
  image: image.optional(),
  /** Environment variables merged over the fleet's and the wave's. Plain text: no secrets. @default none */
  env: stringMap(envKey).optional(),
  /** Machine metadata merged over the fleet's. @default none */
  metadata: stringMap(metadataKey).optional(),
  /** Days Fly keeps the volume's daily snapshots (1–60). @default the fleet's `snapshotRetentionDays` (5) */
  snapshotRetentionDays: wholeNumber(SNAPSHOT_RETENTION_MIN, SNAPSHOT_RETENTION_MAX).optional(),
  /** @default "active" */
  status: tenantStatusSchema.optional(),
  /** Secrets of this tenant only (app-per-cell: a shared app shows every secret to every machine). @default none */
  secrets: secrets.optional(),
  /** The tenant's shard, for fleets sharded `by: "field"`. @default none */
  shard: slug("a shard name").optional(),
  /** The rollout wave the tenant belongs to, e.g. "canary". @default none (the fleet's settings) */
  wave: slug("a wave name").optional(),
  /** Set only for the deploy that moves the tenant, then remove it. @default none: region and cell changes are refused */
  move: regionMoveSchema.optional(),
  /** The shared cell the tenant lives in (declared in the fleet's `sharedCells`). @default a dedicated cell of its own */
  cell: slug("a shared cell id").optional(),
  /** Whether Fly takes daily snapshots of the volume. @default the fleet's `autoBackupEnabled` (true) */
  autoBackupEnabled: z.boolean().optional(),
  /** Restore the tenant's volume from a snapshot (see README, "Recovering a tenant"). @default none */
  restore: restoreSchema.optional(),
  /** Generations of the tenant's kept older volumes to release (destroy). @default none */
  releaseVolumes: releaseVolumes.optional(),
}).readonly();

export const tenantListSchema = z.array(tenantSchema).readonly();

/** Sharding by wave puts the lines without a wave in stack `<id>-wave-none`: no wave may take that name. */
export const NO_WAVE = "none";
const waveName = slug("a wave name").refine((name) => name !== NO_WAVE, {
  error: `"${NO_WAVE}" is reserved: sharding by wave puts the lines without a wave in the stack "<id>-wave-${NO_WAVE}"`,
});

/** What a rollout wave pins for its tenants (a tenant's own `image` and `env` still win). */
export const waveSchema = strictObject({
  /** Image for the wave's tenants. @default the fleet's `image` */
  image: image.optional(),
  /** Environment the wave's tenants get over the fleet's, e.g. a feature flag rolled out wave by wave. @default none */
  env: stringMap(envKey).optional(),
}).readonly();

/**
 * A shared cell: one machine and one volume serving several tenants of one region, each with
 * its data under `<dataPath>/<tenant id>`. Tenant lines name it with `cell`.
 */
export const sharedCellSchema = strictObject({
  /** The cell's Fly region; every tenant in it must be in the same one. */
  region,
  /** The most tenants (not released) the cell holds. */
  capacity: wholeNumber(1, 10000),
  /** Machine size. @default the fleet's `guest` */
  guest: guestSchema.optional(),
  /** Volume size in GB (volumes only grow). @default the fleet's `volumeSizeGb` */
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX).optional(),
  /** @default the fleet's `autoBackupEnabled` */
  autoBackupEnabled: z.boolean().optional(),
  /** @default the fleet's `snapshotRetentionDays` */
  snapshotRetentionDays: wholeNumber(SNAPSHOT_RETENTION_MIN, SNAPSHOT_RETENTION_MAX).optional(),
  /** "released" lets the cell's volume go, once every tenant in it is released. @default "active" */
  status: z.enum(["active", "released"]).optional(),
  /** Restore the cell's volume from a snapshot: every tenant in it goes back to the snapshot's time. @default none */
  restore: restoreSchema.optional(),
  /** Generations of the cell's kept older volumes to release (destroy). @default none */
  releaseVolumes: releaseVolumes.optional(),
}).readonly();

/** The fleet's monitor: its own app and always-on machine, which the cells send heartbeats to. */
export const monitorSchema = strictObject({
  /** The region of the monitor's machine. */
  region,
  /** The monitor's image, built from the repository's Dockerfile.monitor (see README, "Monitoring"). */
  image,
  /** Machine size. @default { cpuKind: "shared", cpus: 1, memoryMb: 256 } */
  guest: guestSchema.optional(),
  /** Seconds without a heartbeat before a started cell counts as silent. @default 180 */
  heartbeatWindowSeconds: wholeNumber(30, 86400).optional(),
  /** Machines API calls a minute the sweep spends, whatever the fleet size; at most `maxApiCallsPerMinute`. @default 12 */
  sweepCallsPerMinute: wholeNumber(1, 600).optional(),
  /** Most Machines API calls per minute, whatever the fleet size. @default 30 */
  maxApiCallsPerMinute: wholeNumber(1, 600).optional(),
  /** Send issues to a webhook: its URL is a secret (variable `secret_monitor_webhook`). @default false */
  webhook: z.boolean().optional(),
  /** Restart a failed machine (opt-in). @default false */
  restartFailed: z.boolean().optional(),
  /** Marker of the heartbeat key's value; bump it to rotate the key. @default "1" */
  secretVersion: z.string().min(1).optional(),
}).readonly();

/** How cells map onto Fly apps: one shared app, or an app per cell (Fly's advice for per-customer machines at scale). */
export const topologySchema = z.enum(["shared-app", "app-per-cell"]);
/** What the Fly Proxy does with an idle machine. */
export const autostopSchema = z.enum(["off", "stop", "suspend"]);
/** `fly_ip` types: shared IPv4 (free), dedicated IPv4 (billed), public IPv6, private flycast IPv6. */
export const ipTypeSchema = z.enum(["shared_v4", "public_v4", "public_v6", "private_v6"]);

/** Settings every cell gets unless its tenant line overrides them. */
const cellDefaultsShape = {
  /** Machine size. @default { cpuKind: "shared", cpus: 1, memoryMb: 256 } */
  guest: guestSchema.optional(),
  /** Volume size in GB. @default 1 */
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX).optional(),
  /** Whether Fly takes daily snapshots of each volume. @default true */
  autoBackupEnabled: z.boolean().optional(),
  /** Days Fly keeps each volume's daily snapshots (1–60). @default 5 (Fly's own default) */
  snapshotRetentionDays: wholeNumber(SNAPSHOT_RETENTION_MIN, SNAPSHOT_RETENTION_MAX).optional(),
  /** What the Fly Proxy does with an idle cell; "suspend" needs at most 2 GB of memory. @default "stop" */
  autostop: autostopSchema.optional(),
  /** Whether the Fly Proxy starts a stopped cell on the next request. @default true */
  autostart: z.boolean().optional(),
  /** Port the app listens on inside the machine. @default 8080 */
  internalPort: wholeNumber(1, 65535).optional(),
  /** Health check path, kept outside every tenant's routes. @default "/up" */
  healthPath: z
    .string()
    .regex(/^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/, { error: (i) => `must be an absolute path such as "/up", got ${describeValue(i.input)}` })
    // The routers refuse dot-segments in requests, so a health path with one could never be reached.
    .refine((path) => !path.split("/").some((segment) => segment === "." || segment === ".."), {
      error: (i) => `must not have "." or ".." segments, got ${describeValue(i.input)}`,
    })
    .optional(),
  /** Where the cell's volume is mounted (the SQLite database lives there). @default "/data" */
  dataPath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._-]+)+$/, { error: (i) => `must be an absolute directory other than "/", got ${describeValue(i.input)}` })
    .optional(),
  /** Environment for every cell; tenant lines add to it. Plain text: no secrets. @default none */
  env: stringMap(envKey).optional(),
  /** Machine metadata for every cell; tenant lines add to it. @default none */
  metadata: stringMap(metadataKey).optional(),
};

/** Fleet-wide settings: everything about a fleet except its tenant list, routing and sharding. */
const fleetSettingsShape = {
  ...cellDefaultsShape,
  /** The Fly app (shared-app), or the prefix of every cell app `<appName>-<tenant id>` (app-per-cell). Globally unique on Fly. */
  appName: slug("a valid Fly app name").max(APP_NAME_MAX, { error: (i) => `is ${String(i.input).length} characters; Fly allows ${APP_NAME_MAX}` }),
  /** Fly organization slug owning the app(s). @default the provider's `org_slug` */
  org: slug("an organization slug").optional(),
  /** The image every cell runs unless its wave or tenant line names another. */
  image,
  /** Rollout waves by name, e.g. `{ canary: { image: "app:v2" } }`. @default none */
  waves: z.record(waveName, waveSchema).readonly().optional(),
  /** @default "shared-app" */
  topology: topologySchema.optional(),
  /** Addresses allocated to each app. @default ["shared_v4", "public_v6"] (both free) */
  addresses: z.array(ipTypeSchema).refine(unique, { error: "lists a type twice" }).readonly().optional(),
  /** Secrets for every cell: on the shared app, or on every cell app. @default none */
  secrets: secrets.optional(),
  /** app-per-cell only: each cell app gets its own private network. @default false */
  isolatedNetworks: z.boolean().optional(),
  /** A monitor for the fleet: heartbeats, Machines API checks, a status page (see README, "Monitoring"). @default none */
  monitor: monitorSchema.optional(),
  /** Shared cells by id, each holding several tenants (see README, "Shared cells"). @default none: every tenant gets a dedicated cell */
  sharedCells: z.record(slug("a shared cell id"), sharedCellSchema).readonly().optional(),
};

export const fleetSettingsSchema = strictObject(fleetSettingsShape).readonly();

/** How a request names its tenant: `/<id>/…`, a hostname, or the blueprint's `/<machine id>/…` (shared-app only). */
export const routingModeSchema = z.enum(["path", "host", "machine-path"]);

/** The nginx router in front of the cells, in its own app `<appName>-router`. */
export const routerSchema = strictObject({
  /** Fly regions to run the router in, e.g. ["ams", "ord"]. */
  regions: z
    .array(region)
    .min(1, { error: "needs at least one region" })
    .refine(unique, { error: "lists a region twice" })
    .readonly(),
  /** Router machines per region (1–10); two keep a region serving while the other restarts. @default 2 */
  countPerRegion: wholeNumber(1, 10).optional(),
  /** Image running nginx with its configuration at /etc/nginx/nginx.conf. @default "nginx:1.27-alpine" */
  image: image.optional(),
  /** Largest request body the router passes on, as nginx writes sizes. @default "100m" */
  maxBodySize: z
    .string()
    .regex(/^[1-9][0-9]*[kmg]?$/, { error: (i) => `must be an nginx size such as "100m", got ${describeValue(i.input)}` })
    .optional(),
  /** Router machine size. @default { cpuKind: "shared", cpus: 1, memoryMb: 256 } */
  guest: guestSchema.optional(),
}).readonly();

/** How requests find their cell. */
export const routingSchema = strictObject({
  /** Tried in this order: host, then path. @default ["path", "host"] */
  modes: z
    .array(routingModeSchema)
    .min(1, { error: "needs at least one mode" })
    .refine(unique, { error: "lists a mode twice" })
    .readonly()
    .optional(),
  /** Gives every tenant `<tenant id>.<baseDomain>` (the wildcard DNS record and certificate are yours). @default none */
  baseDomain: hostname
    .refine((h) => !h.startsWith("*."), { error: "must be a plain domain; the tenant subdomains are added for you" })
    .optional(),
  /** An nginx router in front of the cells; without one, cells keep their public service and the middleware routes. @default no router */
  router: routerSchema.optional(),
}).readonly();

/**
 * How tenants are split across stacks, each its own Terraform state:
 * `hash` (stable hash of the id modulo `count`), `region`, `field` (the line's `shard`) or `wave`.
 */
export const shardingSchema = z
  .discriminatedUnion(
    "by",
    [
      strictObject({ by: z.literal("hash"), /** Number of shards (1–1000): choose it once, generously. */ count: wholeNumber(1, 1000) }).readonly(),
      strictObject({ by: z.literal("region") }).readonly(),
      strictObject({ by: z.literal("field") }).readonly(),
      strictObject({ by: z.literal("wave") }).readonly(),
    ],
    {
      error: given((input) =>
        typeof input === "object" && input !== null && "by" in input
          ? `must be "hash", "region", "field" or "wave", got ${describeValue(input.by)}`
          : `must be an object such as { by: "hash", count: 16 }, got ${describeValue(input)}`,
      ),
    },
  );

/** An S3 bucket name as S3 and Tigris allow it. */
const bucketError = given((input) => `${describeValue(input)} is not an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit`);
const bucketName = z.string({ error: bucketError }).regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: bucketError });

/** A state key prefix: path segments of letters, digits, "-", "_" and ".", no leading or trailing "/". */
const keyPrefixError = given((input) => `${describeValue(input)} is not a key prefix: segments of letters, digits, "-", "_" and "." joined by "/"`);
const keyPrefix = z
  .string({ error: keyPrefixError })
  .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, { error: keyPrefixError })
  .refine((prefix) => !prefix.split("/").some((segment) => segment === "." || segment === ".."), { error: 'must not have "." or ".." segments' });

/** A PostgreSQL schema prefix: lowercase letters, digits and "_", so the schema needs no quoting. */
const schemaPrefixError = given((input) => `${describeValue(input)} is not a schema prefix: lowercase letters, digits and "_", starting with a letter`);
const schemaPrefix = z.string({ error: schemaPrefixError }).regex(/^[a-z][a-z0-9_]*$/, { error: schemaPrefixError });

/**
 * Where every stack the fleet makes keeps its Terraform state: a key (or schema) of its own per
 * stack, derived from one prefix. Credentials and connection strings come from the environment
 * at plan and apply time, never from here.
 */
export const stateBackendSchema = z.discriminatedUnion(
  "type",
  [
    strictObject({
      type: z.literal("local"),
      /** Directory of the state files `terraform.<stack>.tfstate`, relative to the project root. @default "." (the project root) */
      directory: keyPrefix.optional(),
    }).readonly(),
    strictObject({
      type: z.literal("s3"),
      /** The bucket (Tigris, AWS S3 or any S3 API); it must exist. */
      bucket: bucketName,
      /** Each stack's state is `<prefix>/<stack>.tfstate`, its lock `<prefix>/<stack>.tfstate.tflock`. @default the fleet's appName */
      prefix: keyPrefix.optional(),
      /** The bucket's region. @default "auto" (Tigris) */
      region: z.string().regex(/^[a-z0-9-]+$/, { error: (i) => `must be a region such as "auto" or "eu-west-1", got ${describeValue(i.input)}` }).optional(),
      /** The S3 endpoint, e.g. "https://fly.storage.tigris.dev". @default AWS_ENDPOINT_URL_S3 from the environment, else AWS's */
      endpoint: z.url({ protocol: /^https?$/, error: (i) => `must be an http(s) URL, got ${describeValue(i.input)}` }).optional(),
      /** Address the bucket as `<endpoint>/<bucket>`, as most S3 APIs other than AWS's want. @default false */
      usePathStyle: z.boolean().optional(),
      /** The bucket is on AWS: Terraform checks the credentials, region and account with AWS. @default false (an S3-compatible store such as Tigris) */
      onAws: z.boolean().optional(),
    }).readonly(),
    strictObject({
      type: z.literal("pg"),
      /** Each stack's state lives in the schema `<prefix>_<stack>` (lowercased, "-" as "_"). @default the fleet's appName, "-" as "_" */
      schemaPrefix: schemaPrefix.optional(),
    }).readonly(),
  ],
  {
    error: given((input) =>
      typeof input === "object" && input !== null && "type" in input
        ? `type must be "local", "s3" or "pg", got ${describeValue(input.type)}`
        : `must be an object such as { type: "s3", bucket: "my-fleet-state" }, got ${describeValue(input)}`,
    ),
  },
);

/** Everything a fleet is made from, as data: the one input the validation pass judges. */
export const fleetInputSchema = strictObject({
  ...fleetSettingsShape,
  /** The tenant list: one line per tenant. Order does not matter. */
  tenants: tenantListSchema,
  /** @default modes ["path", "host"], no base domain, no router */
  routing: routingSchema.optional(),
  /** Only for `ShardedFleet`. @default not sharded */
  sharding: shardingSchema.optional(),
  /** Where each stack's Terraform state lives (see README, "Running it as a team"). @default none: the stack's own backend, as `configureStack` sets it */
  stateBackend: stateBackendSchema.optional(),
}).readonly();

/** A Terraform stack id as cdktf allows it (a stack's directory under cdktf.out/stacks). */
const stackId = z
  .string({ error: given((input) => `${describeValue(input)} is not a stack id`) })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/, { error: given((input) => `${describeValue(input)} is not a stack id: use letters, digits, "-", "_" and "."`) });

/** One tenant in the ledger: what was deployed for it, enough to refuse changes that would lose its data. */
/** An older volume of a cell, kept after a restore or a move with data until it is released. */
export const ledgerVolumeSchema = strictObject({
  generation: wholeNumber(0, VOLUME_GENERATION_MAX - 1),
  region,
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX),
  /** "kept": still in the account; "released": destroyed by a release. */
  state: z.enum(["kept", "released"]),
}).readonly();

/** What the ledger knows of a cell's volumes beyond the current one. */
const ledgerGenerations = {
  /** The current volume's generation. @default 0 (the first volume) */
  generation: wholeNumber(0, VOLUME_GENERATION_MAX).optional(),
  /** The older volumes, oldest first. @default none */
  volumes: z.array(ledgerVolumeSchema).readonly().optional(),
};

export const ledgerEntrySchema = strictObject({
  region,
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX),
  status: tenantStatusSchema,
  /** The shared cell the tenant is deployed in. @default a dedicated cell */
  cell: slug("a shared cell id").optional(),
  /** The Terraform stack whose state holds the tenant's cell; it cannot change. @default not recorded (an older ledger) */
  stack: stackId.optional(),
  ...ledgerGenerations,
}).readonly();

/** A shared cell in the ledger: what was deployed for it. */
export const ledgerCellSchema = strictObject({
  region,
  volumeSizeGb: wholeNumber(VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX),
  status: z.enum(["active", "released"]),
  /** The Terraform stack whose state holds the cell; it cannot change. @default not recorded (an older ledger) */
  stack: stackId.optional(),
  ...ledgerGenerations,
}).readonly();

/** Every tenant the fleet has had, committed beside the tenant list like a lockfile. */
export const ledgerSchema = strictObject({
  version: z.literal(1),
  /** Entries by tenant id, keys sorted. */
  tenants: z.record(slug("a valid id"), ledgerEntrySchema).readonly(),
  /** Shared cells by id, keys sorted. @default none */
  cells: z.record(slug("a shared cell id"), ledgerCellSchema).readonly().optional(),
}).readonly();

export type LedgerEntry = z.input<typeof ledgerEntrySchema>;
export type MonitorSettings = z.input<typeof monitorSchema>;
export type LedgerCell = z.input<typeof ledgerCellSchema>;
export type SharedCellSpec = z.input<typeof sharedCellSchema>;
export type TenantLedger = z.input<typeof ledgerSchema>;
export type CpuKind = z.input<typeof cpuKindSchema>;
export type GuestSpec = z.input<typeof guestSchema>;
export type SecretSpec = z.input<typeof secretSchema>;
export type RegionMove = z.input<typeof regionMoveSchema>;
export type RestoreSpec = z.input<typeof restoreSchema>;
export type LedgerVolume = z.input<typeof ledgerVolumeSchema>;
export type TenantStatus = z.input<typeof tenantStatusSchema>;
export type TenantSpec = z.input<typeof tenantSchema>;
export type WaveSpec = z.input<typeof waveSchema>;
export type Topology = z.input<typeof topologySchema>;
export type Autostop = z.input<typeof autostopSchema>;
export type IpType = z.input<typeof ipTypeSchema>;
export type FleetSettings = z.input<typeof fleetSettingsSchema>;
export type RoutingMode = z.input<typeof routingModeSchema>;
export type RouterProps = z.input<typeof routerSchema>;
export type RoutingSettings = z.input<typeof routingSchema>;
export type ShardStrategy = z.input<typeof shardingSchema>;
export type StateBackend = z.input<typeof stateBackendSchema>;
export type FleetInput = z.input<typeof fleetInputSchema>;

export const TENANT_STATUSES: readonly TenantStatus[] = tenantStatusSchema.options;
export const IP_TYPES: readonly IpType[] = ipTypeSchema.options;
