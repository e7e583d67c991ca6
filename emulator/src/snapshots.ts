import { createHash } from "crypto";
import { AccountRefusal, DAY_MS, DEFAULT_RETENTION_DAYS, factsOf, iso, own, resource, SnapshotRecord, StoreFile, usedBytes, volumeFacts } from "./account";
import { base36 } from "./fly-rules";

/** The longest a test may move the clock at once: ten years of daily snapshots is plenty. */
const MAX_ADVANCE_DAYS = 3650;

/** Days the volume keeps its snapshots: its `snapshot_retention`, else Fly's default. */
function retentionDays(file: StoreFile, volumeId: string): number {
  const days = resource(file, "fly_volume", volumeId)?.snapshot_retention;
  return typeof days === "number" && days >= 1 ? days : DEFAULT_RETENTION_DAYS;
}

const expired = (s: SnapshotRecord, now: number) => now - Date.parse(s.created_at) >= s.retention_days * DAY_MS;

/** The volume's snapshots Fly still keeps, oldest first; none for a volume the account never knew. */
export function liveSnapshots(file: StoreFile, volumeId: string, now: number): SnapshotRecord[] {
  const v = own(factsOf(file).volumes, volumeId);
  return (v?.snapshots ?? []).filter((s) => !expired(s, now)).sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

/**
 * Takes a snapshot of the volume now, copying its content marker. Snapshots live off the host,
 * but taking one reads the volume: an unreachable host refuses (Fly answers 412).
 */
export function takeSnapshot(file: StoreFile, volumeId: string, now: number): SnapshotRecord {
  if (!resource(file, "fly_volume", volumeId)) throw new AccountRefusal("not_found", `volume ${volumeId} not found`);
  const v = volumeFacts(file, volumeId, now);
  if (v.unreachable) throw new AccountRefusal("unreachable", `cannot snapshot volume ${volumeId}: its host is unreachable`);
  const snapshot: SnapshotRecord = {
    id: `vs_${base36(16)}`,
    created_at: iso(now),
    size: usedBytes(v),
    digest: createHash("sha256").update(`${volumeId}\n${now}\n${v.content}`).digest("hex").slice(0, 32),
    retention_days: retentionDays(file, volumeId),
    status: "created",
    content: v.content,
  };
  v.snapshots.push(snapshot);
  return snapshot;
}

/** A snapshot of any volume of the app (kept after its volume is deleted), while Fly keeps it. */
export function findSnapshot(file: StoreFile, app: string, snapshotId: string, now: number): { volumeId: string; snapshot: SnapshotRecord } | undefined {
  for (const [volumeId, v] of Object.entries(factsOf(file).volumes)) {
    if (v.app !== app) continue;
    const snapshot = v.snapshots.find((s) => s.id === snapshotId && !expired(s, now));
    if (snapshot) return { volumeId, snapshot };
  }
  return undefined;
}

/** Moves every time the account holds `ms` into the past: the same as the clock moving on by `ms`. */
function age(file: StoreFile, ms: number): void {
  const earlier = (t: string) => iso(Date.parse(t) - ms);
  const facts = factsOf(file);
  for (const v of Object.values(facts.volumes)) {
    v.created_at = earlier(v.created_at);
    for (const s of v.snapshots) s.created_at = earlier(s.created_at);
  }
  for (const m of Object.values(facts.machines)) {
    m.created_at = earlier(m.created_at);
    m.updated_at = earlier(m.updated_at);
    for (const c of m.checks ?? []) c.updated_at = earlier(c.updated_at);
  }
}

export interface Advanced {
  readonly days: number;
  /** Daily snapshots taken. */
  readonly taken: number;
  /** Snapshots older than their volume's retention, dropped. */
  readonly expired: number;
}

/**
 * The emulated clock passes `days` days. The account's clock is the caller's `now`, so passing a
 * day ages everything the account holds by a day. At each day's end every volume with
 * `auto_backup_enabled` (the default) whose host is up gets its daily snapshot, and snapshots
 * older than their retention are dropped. Real time passing takes no daily snapshot: tests
 * decide when a day passes.
 */
export function advanceDays(file: StoreFile, days: number, now: number): Advanced {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ADVANCE_DAYS) {
    throw new AccountRefusal("invalid", `days must be a whole number from 1 to ${MAX_ADVANCE_DAYS}, got ${days}`);
  }
  let taken = 0;
  let dropped = 0;
  const volumes = Object.entries(file.resources).filter(([key]) => key.startsWith("fly_volume/"));
  for (let day = 0; day < days; day++) {
    age(file, DAY_MS);
    for (const [, record] of volumes) {
      const id = String(record.id);
      if (record.auto_backup_enabled === false || volumeFacts(file, id, now).unreachable) continue;
      takeSnapshot(file, id, now);
      taken++;
    }
    for (const v of Object.values(factsOf(file).volumes)) {
      const before = v.snapshots.length;
      v.snapshots = v.snapshots.filter((s) => !expired(s, now));
      dropped += before - v.snapshots.length;
    }
  }
  return { days, taken, expired: dropped };
}
