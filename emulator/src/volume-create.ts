import { AccountRefusal, DEFAULT_RETENTION_DAYS, factsOf, iso, own, resource, StoreFile, usedBytes, volumeFacts } from "./account";
import { regionFull } from "./faults";
import { base36, hex } from "./fly-rules";
import { blockType, loadSchemas, TfType } from "./schema";
import { findSnapshot } from "./snapshots";
import { conform, isObject, ObjectValue, Value } from "./values";

const GIB = 1024 ** 3;

/** Fly's CreateVolumeRequest, as far as the emulator reads it. */
export interface CreateVolumeInput {
  readonly name?: unknown;
  readonly region?: unknown;
  readonly size_gb?: unknown;
  readonly encrypted?: unknown;
  readonly require_unique_zone?: unknown;
  readonly unique_zone_app_wide?: unknown;
  readonly auto_backup_enabled?: unknown;
  readonly snapshot_retention?: unknown;
  readonly compute?: unknown;
  readonly fstype?: unknown;
  readonly snapshot_id?: unknown;
  readonly source_volume_id?: unknown;
}

let volumeType: TfType | undefined;
/** The provider's fly_volume type: an API-made volume is stored in the shape Terraform imports. */
function flyVolumeType(): TfType {
  volumeType ??= blockType(loadSchemas().resources.fly_volume.block);
  return volumeType;
}

const invalid = (message: string) => new AccountRefusal("invalid", message);

function optionalBool(input: CreateVolumeInput, name: keyof CreateVolumeInput): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalid(`${name} must be true or false`);
  return v;
}

function optionalInt(input: CreateVolumeInput, name: keyof CreateVolumeInput, min: number, max: number): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw invalid(`${name} must be a whole number from ${min} to ${max}`);
  return v;
}

function optionalId(input: CreateVolumeInput, name: "snapshot_id" | "source_volume_id"): string | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw invalid(`${name} must be a string`);
  return v;
}

/** `compute` as the provider's block holds it: the three attributes it has, or null. */
function computeOf(input: CreateVolumeInput): Value {
  const c = input.compute;
  if (c === undefined || c === null) return null;
  if (typeof c !== "object" || Array.isArray(c)) throw invalid("compute must be an object");
  const { cpu_kind, cpus, memory_mb } = c as Record<string, unknown>;
  if (cpu_kind !== undefined && typeof cpu_kind !== "string") throw invalid("compute.cpu_kind must be a string");
  for (const [k, v] of [["cpus", cpus], ["memory_mb", memory_mb]] as const) {
    if (v !== undefined && typeof v !== "number") throw invalid(`compute.${k} must be a number`);
  }
  return { cpu_kind: (cpu_kind as string | undefined) ?? null, cpus: (cpus as number | undefined) ?? null, memory_mb: (memory_mb as number | undefined) ?? null };
}

/** Where the new volume's data comes from: nothing, a snapshot (restore) or another volume (fork). */
type Source = { content: string; bytes: number; minGb: number } | undefined;

function sourceOf(file: StoreFile, app: string, input: CreateVolumeInput, now: number): Source {
  const snapshotId = optionalId(input, "snapshot_id");
  const sourceId = optionalId(input, "source_volume_id");
  if (snapshotId && sourceId) throw invalid("give snapshot_id or source_volume_id, not both");
  if (snapshotId) {
    const found = findSnapshot(file, app, snapshotId, now);
    if (!found) throw new AccountRefusal("not_found", `snapshot ${snapshotId} not found in app ${app}`);
    return { content: found.snapshot.content, bytes: found.snapshot.size, minGb: Math.max(1, Math.ceil(found.snapshot.size / GIB)) };
  }
  if (sourceId) {
    const source = resource(file, "fly_volume", sourceId);
    if (!source || source.app !== app) throw new AccountRefusal("not_found", `source volume ${sourceId} not found in app ${app}`);
    const facts = volumeFacts(file, sourceId, now);
    if (facts.unreachable) throw new AccountRefusal("unreachable", `cannot fork volume ${sourceId}: its host is unreachable`);
    return { content: facts.content, bytes: usedBytes(facts), minGb: typeof source.size_gb === "number" ? source.size_gb : 1 };
  }
  return undefined;
}

/**
 * Makes a volume as the Machines API's create does: empty, restored from a snapshot
 * (`snapshot_id`, which copies the snapshot's content marker) or forked from another volume of
 * the app (`source_volume_id`, copying its content now, from any region). It is stored as a
 * full `fly_volume/<id>` record in the provider's shape, so `terraform import` can adopt it.
 * Refusals: no such app or snapshot (not_found), a bad request or one smaller than the data
 * (invalid), a source on an unreachable host (unreachable), a full region (capacity).
 */
export function createVolume(file: StoreFile, app: string, input: CreateVolumeInput, now: number): ObjectValue {
  if (!resource(file, "fly_app", app)) throw new AccountRefusal("not_found", `app ${app} not found`);
  const { name, region } = input;
  if (typeof name !== "string" || !/^[a-z0-9_]{1,30}$/.test(name)) throw invalid("name must be 1 to 30 lowercase letters, digits or underscores");
  if (typeof region !== "string" || !/^[a-z]{3}$/.test(region)) throw invalid("region must be a region code (three lowercase letters)");
  if (input.fstype !== undefined && input.fstype !== null && input.fstype !== "ext4") throw invalid('fstype must be "ext4"');
  const requested = optionalInt(input, "size_gb", 1, 500);
  const retention = optionalInt(input, "snapshot_retention", 1, 60);
  const source = sourceOf(file, app, input, now);
  const sizeGb = requested ?? source?.minGb;
  if (sizeGb === undefined) throw invalid("size_gb is required");
  if (source && sizeGb * GIB < source.bytes) throw invalid(`size_gb ${sizeGb} is too small: the data to copy is ${source.bytes} bytes`);
  if (source && input.source_volume_id && sizeGb < source.minGb) throw invalid(`size_gb ${sizeGb} is smaller than the source volume (${source.minGb} GB)`);
  if (regionFull(file, region)) throw new AccountRefusal("capacity", `insufficient capacity in region ${region} to place a ${sizeGb}GB volume`);

  let id: string;
  do id = `vol_${base36(16)}`;
  while (resource(file, "fly_volume", id) || own(factsOf(file).volumes, id));
  const record = conform(
    {
      id,
      app,
      name,
      region,
      size_gb: sizeGb,
      encrypted: optionalBool(input, "encrypted") ?? true,
      fstype: "ext4",
      require_unique_zone: optionalBool(input, "require_unique_zone") ?? true,
      unique_zone_app_wide: optionalBool(input, "unique_zone_app_wide") ?? null,
      auto_backup_enabled: optionalBool(input, "auto_backup_enabled") ?? true,
      snapshot_retention: retention ?? DEFAULT_RETENTION_DAYS,
      compute: computeOf(input),
      state: "created",
      zone: hex(2),
      attached_machine_id: "",
      readopt_on_host_migration: null,
    },
    flyVolumeType(),
  );
  if (!isObject(record)) throw new Error("emulator: a volume record is not an object");
  file.resources[`fly_volume/${id}`] = record;
  factsOf(file).volumes[id] = { app, created_at: iso(now), content: source?.content ?? "", ...(source ? { used_bytes: source.bytes } : {}), snapshots: [] };
  return record;
}
