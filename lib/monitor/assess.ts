import { ApiBudget } from "./api-budget";
import { ExpectedCells, MONITOR_DEFAULTS } from "./expected";
import { FleetWatch } from "./fleet-watch";
import { IssueBook } from "./issues";
import { MachinesApi, MachinesApiConfig } from "../fly-api/machines-api";
import type { StatusReport } from "./report";

export interface AssessOptions {
  /** @default 30 */
  readonly maxApiCallsPerMinute?: number;
  /** @default 30 */
  readonly snapshotMaxAgeHours?: number;
  /** How long a passing state (created, replacing, …) may have lasted, judged from the machine's `updated_at`. @default 180 */
  readonly stateWindowSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A one-off assessment's report: the Machines API errors met, if any. */
export interface AssessedReport extends StatusReport {
  readonly apiErrors: readonly string[];
}

/**
 * One pass over the Machines API for every expected cell: each app's machines (one call per app)
 * and each backed-up volume's snapshots, within the same call budget as the monitor. Without
 * heartbeats it cannot tell silence: it reports states, checks, image drift and stale snapshots.
 * Rejects when no call got an answer (a wrong token, no network); otherwise cells it could not
 * read stay "unknown" and `apiErrors` says why.
 */
export async function assessOnce(expected: ExpectedCells, api: MachinesApiConfig, options: AssessOptions = {}): Promise<AssessedReport> {
  const now = options.now ?? Date.now;
  const budget = new ApiBudget(options.maxApiCallsPerMinute ?? MONITOR_DEFAULTS.maxApiCallsPerMinute, now);
  const silent = { info: () => undefined, warn: () => undefined };
  const watch = new FleetWatch({
    expected,
    api: new MachinesApi(api),
    budget,
    issues: new IssueBook(() => undefined, now),
    windowMs: (options.stateWindowSeconds ?? 180) * 1000,
    snapshotMaxAgeMs: (options.snapshotMaxAgeHours ?? MONITOR_DEFAULTS.snapshotMaxAgeHours) * 3_600_000,
    restartFailed: false,
    heartbeats: false,
    now,
    log: silent,
  });
  try {
    await watch.sweep();
  } finally {
    budget.close();
  }
  if (watch.apiAnswers === 0 && watch.apiErrors.length > 0) throw new Error(`assessOnce: the Machines API answered no call: ${watch.apiErrors.join("; ")}`);
  return { ...watch.report(), apiErrors: [...watch.apiErrors] };
}
