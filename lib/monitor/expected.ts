/**
 * What the monitor expects: every cell of the fleet, handed over by the `Monitor` construct as
 * a JSON file on the monitor's machine (machine ids filled in by Terraform), or built by
 * `flycell status` from a stack's `cells` output. A tenant addition changes this document.
 */
export interface ExpectedCell {
  /** The Fly app the cell's machine runs in. */
  readonly app: string;
  /** The cell's machine id (14 hex characters). */
  readonly machine: string;
  readonly region: string;
  /** The image the cell is declared to run. */
  readonly image: string;
  /** The tenants it serves (one for a dedicated cell). */
  readonly tenants: readonly string[];
  /** The cell's volume id, for the snapshot check. @default no snapshot check */
  readonly volume?: string;
  /** Whether Fly takes daily snapshots of the volume. @default true */
  readonly autoBackupEnabled?: boolean;
  /**
   * The key the cell signs its heartbeats with: `"cell"`, a key of its own derived from the fleet
   * key (`cellHeartbeatKey`; a cell in an app of its own), or `"fleet"`, the fleet key itself (a
   * cell in the shared app, whose secrets every machine there can read). @default "fleet"
   */
  readonly heartbeatKey?: HeartbeatKeyKind;
}

export type HeartbeatKeyKind = "cell" | "fleet";

/**
 * The expected cells by cell id (the tenant's id for a dedicated cell, the shared cell's otherwise).
 * Ids are looked up with `Object.hasOwn` or moved into a Map, never read off a plain object: a
 * tenant may be called `constructor`.
 */
export interface ExpectedCells {
  readonly version: 1;
  readonly cells: Readonly<Record<string, ExpectedCell>>;
}

// The tenant id rule (lib/tenants/limits, lib/cell/slug): the monitor image loads only lib/monitor.
const CELL_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Whether `value` can be a cell id: lowercase letters, digits and single hyphens, so never `__proto__` or `toString`. */
export function isCellId(value: unknown): value is string {
  return typeof value === "string" && CELL_ID.test(value);
}

/** Environment the fleet sets on every cell when it has a monitor. */
export const MONITOR_URL_ENV = "FLYCELL_MONITOR_URL";
/** A Fly secret on the cells' app(s): the key heartbeats are signed with. */
export const MONITOR_SECRET_ENV = "FLYCELL_MONITOR_SECRET";

/** The monitor's settings when the fleet leaves them out: the construct, the service and the checks agree on them. */
export const MONITOR_DEFAULTS = {
  heartbeatWindowSeconds: 180,
  sweepCallsPerMinute: 12,
  maxApiCallsPerMinute: 30,
  snapshotMaxAgeHours: 30,
} as const;
