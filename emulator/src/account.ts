import { isObject, ObjectValue } from "./values";

/**
 * What the emulated Fly account knows beyond the provider's state: facts the Machines API shows
 * (when things were made, snapshots, host health, region capacity) and the test-only content
 * marker that stands in for a volume's data. Kept in the account file beside `resources`, so
 * Terraform's plugin processes and the Machines API server share one account.
 */
export interface AccountFacts {
  /** Volume id → its facts; kept after the volume is deleted (Fly keeps its snapshots). */
  volumes: Record<string, VolumeFacts>;
  /** Machine id → its facts. */
  machines: Record<string, MachineFacts>;
  /** Regions with no room for a new volume (a test marks them). */
  fullRegions: Record<string, true>;
}

export interface SnapshotRecord {
  id: string;
  created_at: string;
  /** Bytes of data it holds. */
  size: number;
  digest: string;
  retention_days: number;
  status: "created";
  /** The volume's content marker when it was taken. */
  content: string;
}

export interface VolumeFacts {
  app: string;
  created_at: string;
  /** The test's stand-in for the data on the volume: snapshots, restores and forks copy it. */
  content: string;
  /** Bytes in use, when a test set more than the marker's own length. */
  used_bytes?: number;
  /** Its host is down. */
  unreachable?: boolean;
  snapshots: SnapshotRecord[];
}

export interface CheckRecord {
  name: string;
  status: "passing" | "warning" | "critical";
  output: string;
  updated_at: string;
}

export interface MachineFacts {
  created_at: string;
  updated_at: string;
  /** Health checks as Fly reports them; by default each configured check passes. */
  checks?: CheckRecord[];
  /** Its host is down. */
  unreachable?: boolean;
  /** A restart leaves it failed (a crash loop), for tests of what a monitor does then. */
  restart_fails?: boolean;
}

/** The account file. */
export interface StoreFile {
  /** `<type>/<id>` → the resource as Fly holds it (the provider's state shape). */
  resources: Record<string, ObjectValue>;
  /** App name → its secrets version (Fly bumps it on every secrets change). */
  secretsVersions: Record<string, number>;
  facts?: AccountFacts;
}

export const DAY_MS = 86_400_000;
/** Fly's snapshot retention when a volume does not set one. */
export const DEFAULT_RETENTION_DAYS = 5;

/** What the account refuses, by kind; the Machines API answers each with Fly's status. */
export type RefusalKind = "not_found" | "invalid" | "unreachable" | "capacity";

export class AccountRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }
}

/** A record without a prototype: ids from requests (`__proto__`, `constructor`) are plain keys in it. */
export function nullRecord<T>(from?: Record<string, T>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (from) for (const [k, v] of Object.entries(from)) out[k] = v;
  return out;
}

/** The value under `key` when the record itself holds it (never one of Object.prototype's). */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The account's facts, made (empty) on first use; their maps without prototypes. */
export function factsOf(file: StoreFile): AccountFacts {
  const f = file.facts;
  if (f && [f.volumes, f.machines, f.fullRegions].every((r) => r !== undefined && Object.getPrototypeOf(r) === null)) return f;
  file.facts = {
    volumes: nullRecord(f?.volumes),
    machines: nullRecord(f?.machines),
    fullRegions: nullRecord(f?.fullRegions),
  };
  return file.facts;
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function resource(file: StoreFile, type: string, id: string): ObjectValue | undefined {
  return own(file.resources, `${type}/${id}`);
}

/**
 * The volume a drill names: its id, or its name when one volume in the account has it (`data_acme`).
 * Undefined when none does; a name several volumes share is refused.
 */
export function volumeIdFor(file: StoreFile, ref: string): string | undefined {
  if (resource(file, "fly_volume", ref)) return ref;
  const named = Object.entries(file.resources).filter(([key, v]) => key.startsWith("fly_volume/") && v.name === ref);
  if (named.length > 1) throw new AccountRefusal("invalid", `${named.length} volumes are named ${ref} (in apps ${named.map(([, v]) => String(v.app)).join(", ")}): give the volume's id`);
  return named.length === 1 ? String(named[0][1].id) : undefined;
}

/** A volume's facts, made now for one Terraform or a test wrote without them. */
export function volumeFacts(file: StoreFile, id: string, now: number): VolumeFacts {
  const facts = factsOf(file);
  let v = own(facts.volumes, id);
  if (!v) {
    const app = resource(file, "fly_volume", id)?.app;
    v = { app: typeof app === "string" ? app : "", created_at: iso(now), content: "", snapshots: [] };
    facts.volumes[id] = v;
  }
  return v;
}

export function machineFacts(file: StoreFile, id: string, now: number): MachineFacts {
  const facts = factsOf(file);
  let m = own(facts.machines, id);
  if (!m) {
    m = { created_at: iso(now), updated_at: iso(now) };
    facts.machines[id] = m;
  }
  return m;
}

/** The volume ids a machine's `mount` blocks name. */
export function mountedVolumes(machine: ObjectValue): string[] {
  const mounts = Array.isArray(machine.mount) ? machine.mount : [];
  return mounts.flatMap((m) => (isObject(m) && typeof m.volume === "string" ? [m.volume] : []));
}

/** The machine whose `mount` names the volume, read from the account's machines. */
export function attachedMachineIn(file: StoreFile, volumeId: string): string | undefined {
  for (const [key, machine] of Object.entries(file.resources)) {
    if (key.startsWith("fly_machine/") && mountedVolumes(machine).includes(volumeId)) return String(machine.id);
  }
  return undefined;
}

/**
 * Stamps the facts of resources a Terraform apply wrote: when a volume or machine was made
 * (and, for a machine, changed). Runs under the account's lock, on the file as it is now.
 */
export function stampApplied(file: StoreFile, key: string, state: ObjectValue | null, existed: boolean, now: number): void {
  if (state === null) return;
  const slash = key.indexOf("/");
  const [type, id] = [key.slice(0, slash), key.slice(slash + 1)];
  if (type === "fly_volume") {
    const v = volumeFacts(file, id, now);
    if (typeof state.app === "string") v.app = state.app;
  } else if (type === "fly_machine") {
    const m = machineFacts(file, id, now);
    if (existed) m.updated_at = iso(now);
  }
}

/** The byte count a snapshot of the volume holds. */
export function usedBytes(v: VolumeFacts): number {
  return Math.max(v.used_bytes ?? 0, Buffer.byteLength(v.content, "utf8"));
}
