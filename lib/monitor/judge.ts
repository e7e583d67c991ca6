import type { ExpectedCell } from "./expected";
import { imageText, sameImage } from "./image-ref";
import type { FlyMachine, FlyVolume, FlyVolumeSnapshot } from "../fly-api/machines-api";
import type { IssueKind } from "./report";

/** The kinds a read of the machine decides: each is raised when found, resolved when not. */
export const MACHINE_ISSUE_KINDS: readonly IssueKind[] = ["silent", "failed", "missing", "state", "checks", "image", "host"];

/** States a machine rests in; any other is on its way somewhere and should not last. */
const SETTLED_STATES = new Set(["started", "stopped", "suspended", "failed", "destroyed"]);

export function isSettledState(state: string): boolean {
  return SETTLED_STATES.has(state);
}

export interface MachineFacts {
  readonly now: number;
  /** Since when the machine has been in its state. */
  readonly stateSince: number;
  /** How long a passing state may last. */
  readonly windowMs: number;
  /** How long the cell has been silent, when it is past the window; undefined when beating or not judged. */
  readonly silentForMs?: number;
  /** The cell's id (a tenant's, or a shared cell's), for the restore line the "host" issue names. @default the machine's first tenant */
  readonly cellId?: string;
}

/**
 * The change that brings an unreachable host's data back: a restore line (README, "Recovering
 * a tenant"). A dedicated cell's id is its tenant's; a shared cell is restored as a whole.
 */
export function restoreAdvice(cellId: string, cell: ExpectedCell): string {
  const dedicated = cell.tenants.length === 1 && cell.tenants[0] === cellId;
  const where = dedicated ? `the line of tenant ${cellId}` : `sharedCells.${cellId} (every tenant in it: ${cell.tenants.join(", ")})`;
  return `add restore: { snapshot: "latest" } to ${where} and deploy; the old volume is kept (README, "Recovering a tenant")`;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Issues a machine read shows, by kind, with their messages. `machine` undefined: not found. */
export function judgeMachine(cell: ExpectedCell, machine: FlyMachine | undefined, facts: MachineFacts): Partial<Record<IssueKind, string>> {
  if (!machine) return { missing: `machine ${cell.machine} is not in app ${cell.app}` };
  if (machine.state === "destroyed") return { missing: `machine ${cell.machine} is destroyed` };
  const found: Partial<Record<IssueKind, string>> = {};
  if (machine.host_status === "unreachable") {
    found.host = `the host of machine ${cell.machine} is unreachable: its volume may be lost with it. To bring the data back, ${restoreAdvice(facts.cellId ?? cell.tenants[0] ?? "", cell)}`;
  }
  if (machine.state === "failed") found.failed = `machine ${cell.machine} failed`;
  if (machine.state === "started") {
    if (facts.silentForMs !== undefined) found.silent = `machine ${cell.machine} is started but sent no heartbeat for ${seconds(facts.silentForMs)}`;
    const failing = (machine.checks ?? []).filter((check) => check.status !== "passing");
    if (failing.length > 0) found.checks = `checks not passing: ${failing.map((c) => `${c.name} ${c.status}`).join(", ")}`;
  }
  if (!isSettledState(machine.state) && facts.now - facts.stateSince > facts.windowMs) {
    found.state = `machine ${cell.machine} has been ${machine.state} for ${seconds(facts.now - facts.stateSince)}`;
  }
  if (machine.image_ref && !sameImage(cell.image, machine.image_ref)) {
    found.image = `machine runs ${imageText(machine.image_ref)}, declared ${cell.image}`;
  }
  return found;
}

/** The message of a heartbeat's image when it is not the declared one. */
export function judgeBeatImage(cell: ExpectedCell, image: string | undefined): string | undefined {
  if (!image || sameImage(cell.image, image)) return undefined;
  return `the cell reports ${image}, declared ${cell.image}`;
}

/** When the newest snapshot that did not fail was taken, or undefined when there is none. */
export function newestSnapshotTime(snapshots: readonly FlyVolumeSnapshot[]): number | undefined {
  const times = snapshots.filter((s) => s.status !== "failed").map((s) => Date.parse(s.created_at)).filter((t) => Number.isFinite(t));
  return times.length > 0 ? Math.max(...times) : undefined;
}

const hours = (ms: number) => `${Math.round(ms / 3_600_000)} h`;

/**
 * The "snapshot" issue's message, if any: the newest snapshot is older than `maxAgeMs`, or there
 * is none and the volume is older than that (or its age is unknown).
 */
export function judgeSnapshots(
  volumeId: string,
  snapshots: readonly FlyVolumeSnapshot[],
  volume: FlyVolume | undefined,
  now: number,
  maxAgeMs: number,
): string | undefined {
  const newest = newestSnapshotTime(snapshots);
  if (newest !== undefined) {
    return now - newest > maxAgeMs ? `volume ${volumeId}'s newest snapshot is ${hours(now - newest)} old (allowed ${hours(maxAgeMs)})` : undefined;
  }
  const created = volume?.created_at ? Date.parse(volume.created_at) : NaN;
  // A new volume has had no night yet.
  if (Number.isFinite(created) && now - created <= maxAgeMs) return undefined;
  return `volume ${volumeId} has no snapshot`;
}
