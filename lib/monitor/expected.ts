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
}

/** The expected cells by cell id (the tenant's id for a dedicated cell, the shared cell's otherwise). */
export interface ExpectedCells {
  readonly version: 1;
  readonly cells: Readonly<Record<string, ExpectedCell>>;
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
