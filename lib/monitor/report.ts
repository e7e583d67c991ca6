/** What can be wrong with a cell, each raised at most once per cell. */
export type IssueKind =
  /** The machine is started but has not beaten for longer than the window. */
  | "silent"
  /** Fly reports the machine failed. */
  | "failed"
  /** The machine is destroyed or not in its app. */
  | "missing"
  /** The machine has been in a passing state (created, replacing, …) for longer than the window. */
  | "state"
  /** A check of a started machine is not passing. */
  | "checks"
  /** The machine runs another image than the one declared. */
  | "image"
  /** Fly cannot reach the machine's host: its volume (the cell's data) may be lost with it. */
  | "host"
  /** The volume's newest snapshot is older than allowed, or there is none. */
  | "snapshot";

export interface Issue {
  readonly cell: string;
  readonly kind: IssueKind;
  readonly message: string;
  /** When it was raised (ISO 8601). */
  readonly since: string;
}

export interface CellStatus {
  readonly cell: string;
  readonly app: string;
  readonly region: string;
  readonly tenants: readonly string[];
  readonly machine: string;
  /** The machine's last known state ("started", "stopped", …), "missing", or "unknown" before any news. */
  readonly state: string;
  /** The last accepted heartbeat (ISO 8601), or null. */
  readonly lastHeartbeat: string | null;
  /** The app version the last heartbeat named, when it named one. */
  readonly version?: string;
  readonly issues: readonly Issue[];
}

export interface StatusReport {
  readonly generatedAt: string;
  /** Sorted by cell id. */
  readonly cells: readonly CellStatus[];
  /** Every open issue, oldest first. */
  readonly issues: readonly Issue[];
}
