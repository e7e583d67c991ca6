import type { FlyVolumeSnapshot } from "../fly-api/machines-api";
import { quote } from "../plan/quote";
import { formatAge, formatBytes, GIB } from "./words";

const DAY_MS = 86_400_000;

/** Fly's default when a volume does not say how long it keeps snapshots. */
export const DEFAULT_RETENTION_DAYS = 5;

export interface SnapshotWanted {
  /** "latest" or a snapshot id. */
  readonly snapshot: string;
  /** The new volume's size. */
  readonly sizeGb: number;
  /** Days the source volume keeps snapshots, for one that does not say its own. */
  readonly retentionDays: number;
  readonly now: number;
  /** The source volume, for messages: `data_acme (vol_…)`. */
  readonly volumeLabel: string;
}

export type SnapshotChoice =
  | { readonly ok: true; readonly snapshot: FlyVolumeSnapshot }
  | { readonly ok: false; readonly about: "snapshot" | "size"; readonly message: string };

const time = (s: FlyVolumeSnapshot) => Date.parse(s.created_at);
// A snapshot still being taken (or failed) cannot be restored; one without a status is listed as done.
const usable = (s: FlyVolumeSnapshot) => (s.status === undefined || s.status === "created") && !Number.isNaN(time(s));

/**
 * The snapshot to restore, or why none fits: "latest" is the newest finished one, an id must be
 * listed; either must be younger than the retention window (Fly drops it then, maybe mid-restore)
 * and fit in the new volume.
 */
export function chooseSnapshot(snapshots: readonly FlyVolumeSnapshot[], wanted: SnapshotWanted): SnapshotChoice {
  const done = snapshots.filter(usable).sort((a, b) => time(b) - time(a));
  let chosen: FlyVolumeSnapshot | undefined;
  if (wanted.snapshot === "latest") {
    chosen = done[0];
    if (!chosen) {
      return { ok: false, about: "snapshot", message: `volume ${wanted.volumeLabel} has no finished snapshot to restore (${snapshots.length} listed); take one with \`flycell volumes snapshot\`, or wait for the daily one` };
    }
  } else {
    const listed = snapshots.find((s) => s.id === wanted.snapshot);
    if (!listed) {
      const newest = done.slice(0, 3).map((s) => s.id).join(", ") || "none";
      return {
        ok: false,
        about: "snapshot",
        message: `is no snapshot of volume ${wanted.volumeLabel}: unknown, or older than its ${wanted.retentionDays}-day retention window and gone (newest: ${newest}; see \`flycell volumes snapshots\`)`,
      };
    }
    if (!usable(listed)) return { ok: false, about: "snapshot", message: `is ${quote(listed.status ?? "")}, not a finished snapshot: wait for it, or pick another` };
    chosen = listed;
  }
  const age = wanted.now - time(chosen);
  const keptDays = chosen.retention_days ?? wanted.retentionDays;
  if (age > keptDays * DAY_MS) {
    return {
      ok: false,
      about: "snapshot",
      message: `${chosen.id} was taken ${formatAge(age)} ago (${chosen.created_at}), beyond the ${keptDays}-day retention window of volume ${wanted.volumeLabel}: Fly no longer keeps it; pick a newer one (\`flycell volumes snapshots\`)`,
    };
  }
  if (chosen.size !== undefined && wanted.sizeGb * GIB < chosen.size) {
    return {
      ok: false,
      about: "size",
      message: `is ${wanted.sizeGb} GB, smaller than snapshot ${chosen.id} (${formatBytes(chosen.size)}): make the new volume at least ${Math.ceil(chosen.size / GIB)} GB`,
    };
  }
  return { ok: true, snapshot: chosen };
}
