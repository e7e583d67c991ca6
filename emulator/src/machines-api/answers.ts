import { CheckRecord, iso, MachineFacts, own, factsOf, SnapshotRecord, StoreFile, usedBytes, VolumeFacts } from "../account";
import { isObject, ObjectValue, Value } from "../values";

/** Fly's answers, in the Machines API spec's shapes (schema/fly-machines-openapi.json). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const GIB = 1024 ** 3;
const BLOCK = 4096;

/** `[registry/]repository[:tag][@digest]` in Fly's `image_ref` parts; Docker Hub's when there is no registry. */
export function imageRef(image: string, digest: string): JsonObject {
  const [rest] = image.split("@", 1);
  const slash = rest.indexOf("/");
  const first = slash === -1 ? "" : rest.slice(0, slash);
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const path = hasRegistry ? rest.slice(slash + 1) : rest;
  // Docker's rule: a tag follows the last colon after the last slash.
  const colon = path.lastIndexOf(":");
  const [repository, tag] = colon <= path.lastIndexOf("/") ? [path, "latest"] : [path.slice(0, colon), path.slice(colon + 1)];
  return { registry: hasRegistry ? first : "registry-1.docker.io", repository, tag, digest, labels: {} };
}

const text = (v: Value | undefined, fallback = ""): string => (typeof v === "string" ? v : fallback);
const stringMap = (v: Value | undefined): JsonObject | undefined =>
  v !== undefined && isObject(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string")) : undefined;
const blocks = (v: Value | undefined): ObjectValue[] => (v === undefined ? [] : Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);

/** The machine's config as Fly reports it, from the provider's attributes (the parts flycell reads). */
function configOf(record: ObjectValue): JsonObject {
  const config: JsonObject = { image: text(record.image) };
  const env = stringMap(record.env);
  const metadata = stringMap(record.metadata);
  if (env) config.env = env;
  if (metadata) config.metadata = metadata;
  const [guest] = blocks(record.guest);
  if (guest) {
    config.guest = {
      cpu_kind: text(guest.cpu_kind, "shared"),
      cpus: typeof guest.cpus === "number" ? guest.cpus : 1,
      memory_mb: typeof guest.memory_mb === "number" ? guest.memory_mb : 256,
    };
  }
  const mounts = blocks(record.mount).map((m) => ({ volume: text(m.volume), path: text(m.path), name: text(m.name) }));
  if (mounts.length > 0) config.mounts = mounts;
  const [restart] = blocks(record.restart);
  if (restart && typeof restart.policy === "string") {
    config.restart = { policy: restart.policy, ...(typeof restart.max_retries === "number" ? { max_retries: restart.max_retries } : {}) };
  }
  return config;
}

/** The checks Fly reports: the facts' when a test set them, else each configured check passing. */
function checksOf(record: ObjectValue, facts: MachineFacts | undefined): CheckRecord[] {
  if (facts?.checks) return facts.checks;
  const at = facts?.updated_at ?? iso(0);
  return blocks(record.check).map((c) => ({ name: text(c.name), status: "passing" as const, output: "", updated_at: at }));
}

export function machineAnswer(file: StoreFile, record: ObjectValue, now: number): JsonObject {
  const id = text(record.id);
  const facts = own(factsOf(file).machines, id);
  const created = facts?.created_at ?? iso(now);
  return {
    id,
    name: text(record.name, `machine-${id}`),
    state: text(record.state, "started"),
    region: text(record.region),
    instance_id: text(record.instance_id),
    version: text(record.instance_id),
    private_ip: text(record.private_ip),
    config: configOf(record),
    image_ref: imageRef(text(record.image), text(record.image_digest)),
    checks: checksOf(record, facts).map((c) => ({ ...c })),
    events: [],
    host_status: facts?.unreachable ? "unreachable" : "ok",
    created_at: created,
    updated_at: facts?.updated_at ?? created,
  };
}

/** A volume as Fly reports it; `attachedTo` is the machine that mounts it. */
export function volumeAnswer(file: StoreFile, record: ObjectValue, attachedTo: string | undefined, now: number): JsonObject {
  const id = text(record.id);
  const facts: VolumeFacts | undefined = own(factsOf(file).volumes, id);
  const sizeGb = typeof record.size_gb === "number" ? record.size_gb : 1;
  const total = sizeGb * GIB;
  const used = facts ? Math.min(total, usedBytes(facts)) : 0;
  const free = Math.floor((total - used) / BLOCK);
  return {
    id,
    name: text(record.name),
    state: text(record.state, "created"),
    size_gb: sizeGb,
    region: text(record.region),
    zone: text(record.zone),
    encrypted: record.encrypted !== false,
    fstype: text(record.fstype, "ext4"),
    // Fly sends null for a detached volume (the provider then stores "").
    attached_machine_id: attachedTo ?? null,
    auto_backup_enabled: record.auto_backup_enabled !== false,
    snapshot_retention: typeof record.snapshot_retention === "number" ? record.snapshot_retention : 5,
    host_status: facts?.unreachable ? "unreachable" : "ok",
    created_at: facts?.created_at ?? iso(now),
    block_size: BLOCK,
    blocks: total / BLOCK,
    blocks_free: free,
    blocks_avail: free,
    bytes_total: total,
    bytes_used: used,
  };
}

/** A snapshot as Fly lists it; the content marker it copied stays in the account. */
export function snapshotAnswer(s: SnapshotRecord): JsonObject {
  return { id: s.id, created_at: s.created_at, digest: s.digest, retention_days: s.retention_days, size: s.size, status: s.status };
}
