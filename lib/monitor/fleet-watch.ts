import { ApiBudget } from "./api-budget";
import type { ExpectedCell, ExpectedCells } from "./expected";
import type { IssueBook } from "./issues";
import { isSettledState, judgeBeatImage, judgeMachine, judgeSnapshots, MACHINE_ISSUE_KINDS, newestSnapshotTime } from "./judge";
import { FlyMachine, MachinesApi, MachinesApiError } from "../fly-api/machines-api";
import type { CellStatus, IssueKind, StatusReport } from "./report";

export interface MonitorLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface FleetWatchSettings {
  readonly expected: ExpectedCells;
  readonly api: MachinesApi;
  readonly budget: ApiBudget;
  readonly issues: IssueBook;
  /** Silence longer than this makes a cell a suspect; a passing state longer than this is an issue. */
  readonly windowMs: number;
  /**
   * The sweep's fixed pace: machine lists and snapshot reads, round and round, this many a minute
   * whatever the fleet size. @default no sweep but the one-off `sweep()`
   */
  readonly sweepCallsPerMinute?: number;
  readonly snapshotMaxAgeMs: number;
  readonly restartFailed: boolean;
  /** Whether cells send heartbeats here: a one-off assessment has none, so it judges no silence. */
  readonly heartbeats: boolean;
  readonly now: () => number;
  readonly log: MonitorLog;
}

/** What an accepted heartbeat tells about its cell. */
export interface BeatNews {
  readonly image?: string;
  readonly version?: string;
}

interface CellWatch {
  readonly id: string;
  readonly expected: ExpectedCell;
  lastBeatAt?: number;
  version?: string;
  /** Last known machine state; "unknown" before any news, "missing" when not found. */
  state: string;
  stateSince: number;
  lastReadAt?: number;
  lastReadFailed: boolean;
  readQueued: boolean;
  /** The `since` of the "failed" issue a restart was asked for: one restart per failure. */
  restartedFor?: string;
}

// Places in the budget's queue: restarts, then silent suspects (longest silent first), then
// follow-ups of open issues, then the sweep.
const RESTART_ORDER = 0;
const FOLLOW_UP_ORDER = 1e15;
const SWEEP_ORDER = 2e15;
/** Issues that may clear at any time, so their cells are read again once per window. */
const FOLLOWED_KINDS: readonly IssueKind[] = ["silent", "failed", "state", "checks"];
const MAX_KEPT_ERRORS = 20;

/**
 * The fleet's cells as the monitor knows them: heartbeats in, Machines API reads out, issues
 * judged from both. Healthy cells cost no reads of their own: only a cell silent past the window
 * is read (once, unless an issue needs following). The sweep reads every app's machines and every
 * backed-up volume's snapshots at one fixed pace, so a healthy fleet's calls per minute do not
 * depend on its size; a larger fleet only takes longer to go round. Every call waits its turn in
 * the budget, the sweep's behind all others.
 */
export class FleetWatch {
  private readonly cells = new Map<string, CellWatch>();
  /** Each app with its cells: one machine list covers them all. */
  private readonly apps: ReadonlyArray<readonly [string, readonly CellWatch[]]>;
  /** Cells whose volume Fly snapshots, with that volume. */
  private readonly backedUp: ReadonlyArray<readonly [CellWatch, string]>;
  private readonly sweepPace: ApiBudget | undefined;
  private sweeping = false;
  private readonly startedAt: number;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private apiFailing = false;
  /** Distinct Machines API errors, for a one-off assessment's report. */
  readonly apiErrors: string[] = [];
  apiAnswers = 0;

  constructor(private readonly settings: FleetWatchSettings) {
    this.startedAt = settings.now();
    for (const [id, expected] of Object.entries(settings.expected.cells)) {
      this.cells.set(id, { id, expected, state: "unknown", stateSince: this.startedAt, lastReadFailed: false, readQueued: false });
    }
    const byApp = new Map<string, CellWatch[]>();
    for (const cell of this.cells.values()) {
      const cells = byApp.get(cell.expected.app);
      if (cells) cells.push(cell);
      else byApp.set(cell.expected.app, [cell]);
    }
    this.apps = [...byApp];
    this.backedUp = [...this.cells.values()].flatMap((cell) => (cell.expected.volume && cell.expected.autoBackupEnabled !== false ? [[cell, cell.expected.volume] as const] : []));
    this.sweepPace = settings.sweepCallsPerMinute === undefined ? undefined : new ApiBudget(settings.sweepCallsPerMinute, settings.now);
  }

  /** Takes an accepted heartbeat; false for a cell the fleet does not have. */
  beat(cellId: string, news: BeatNews): boolean {
    const cell = this.cells.get(cellId);
    if (!cell) return false;
    const now = this.settings.now();
    cell.lastBeatAt = now;
    cell.version = news.version;
    // A beat proves the machine runs.
    if (cell.state !== "started") Object.assign(cell, { state: "started", stateSince: now });
    this.settings.issues.set(cellId, "silent", undefined);
    if (news.image !== undefined) this.settings.issues.set(cellId, "image", judgeBeatImage(cell.expected, news.image));
    return true;
  }

  /** Queues the reads now due, and starts the sweep once. */
  tick(): void {
    if (this.stopped) return;
    const now = this.settings.now();
    for (const cell of this.cells.values()) if (!cell.readQueued && this.readDue(cell, now)) this.readMachine(cell);
    if (this.sweepPace && !this.sweeping && this.cells.size > 0) {
      this.sweeping = true;
      this.track(this.sweepForever());
    }
    this.sweepPace?.drain();
    this.settings.budget.drain();
  }

  /**
   * One pass now over every app's machines and every backed-up volume's snapshots, the two side
   * by side (a one-off assessment's).
   */
  async sweep(): Promise<void> {
    await Promise.all([
      (async () => {
        for (const [app, cells] of this.apps) if (!(await this.listApp(app, cells))) return;
      })(),
      (async () => {
        for (const [cell, volume] of this.backedUp) if (!(await this.checkSnapshots(cell, volume))) return;
      })(),
    ]);
  }

  /**
   * The monitor's sweep, until stopped: turns alternate between the next app's machine list and
   * the next volume's snapshots (a lane with nothing to read gives its turn away), each call at
   * the sweep's pace. A fleet in one app thus has its machines listed every other call, while a
   * fleet of one app per cell gets round its apps as fast as the pace allows.
   */
  private async sweepForever(): Promise<void> {
    let apps = 0;
    let volumes = 0;
    try {
      for (let turn = 0; ; turn++) {
        const listTurn = this.backedUp.length === 0 || (turn % 2 === 0 && this.apps.length > 0);
        const going = listTurn
          ? await this.listApp(...this.apps[apps++ % this.apps.length])
          : await this.checkSnapshots(...this.backedUp[volumes++ % this.backedUp.length]);
        if (!going) return;
      }
    } finally {
      // Should anything unforeseen end it, the next tick starts it again.
      this.sweeping = false;
    }
  }

  /** Waits for a sweep call's turn: the sweep's pace, then the budget behind every other call. False once closed. */
  private async sweepCall(): Promise<boolean> {
    if (this.sweepPace && !(await this.sweepPace.take(0))) return false;
    return this.settings.budget.take(SWEEP_ORDER);
  }

  /** Reads an app's machines for its cells; false when the budget is closed. */
  private async listApp(app: string, cells: readonly CellWatch[]): Promise<boolean> {
    if (!(await this.sweepCall())) return false;
    try {
      const machines = await this.settings.api.listMachines(app);
      this.apiAnswered();
      const byId = new Map((machines ?? []).map((m) => [m.id, m]));
      const now = this.settings.now();
      for (const cell of cells) this.applyMachine(cell, byId.get(cell.expected.machine), now);
    } catch (err) {
      this.apiFailed(err);
    }
    return true;
  }

  report(): StatusReport {
    const cells: CellStatus[] = [...this.cells.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((cell) => ({
        cell: cell.id,
        app: cell.expected.app,
        region: cell.expected.region,
        tenants: cell.expected.tenants,
        machine: cell.expected.machine,
        state: cell.state,
        lastHeartbeat: cell.lastBeatAt === undefined ? null : new Date(cell.lastBeatAt).toISOString(),
        ...(cell.version ? { version: cell.version } : {}),
        issues: this.settings.issues.of(cell.id),
      }));
    return { generatedAt: new Date(this.settings.now()).toISOString(), cells, issues: this.settings.issues.all() };
  }

  /** Starts nothing new; resolves when the calls under way have settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.sweepPace?.close();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * A cell is read when it has been silent past the window and was not read since, or, once per
   * window, while an issue that may clear at any time is open, its state is passing, or its last
   * read failed. A cell found stopped is left alone until it beats again (or the sweep comes).
   */
  private readDue(cell: CellWatch, now: number): boolean {
    const { windowMs } = this.settings;
    const staleAt = (cell.lastBeatAt ?? this.startedAt) + windowMs;
    const lastRead = cell.lastReadAt;
    if (this.settings.heartbeats && now >= staleAt && (lastRead === undefined || lastRead < staleAt)) return true;
    if (lastRead === undefined || now - lastRead < windowMs) return false;
    const passing = !isSettledState(cell.state) && cell.state !== "unknown" && cell.state !== "missing";
    return cell.lastReadFailed || passing || FOLLOWED_KINDS.some((kind) => this.settings.issues.get(cell.id, kind));
  }

  private readMachine(cell: CellWatch): void {
    cell.readQueued = true;
    const order = cell.lastReadAt !== undefined && cell.lastReadAt >= (cell.lastBeatAt ?? this.startedAt) + this.settings.windowMs ? FOLLOW_UP_ORDER + cell.lastReadAt : (cell.lastBeatAt ?? this.startedAt);
    this.track(
      (async () => {
        try {
          // A beat may arrive while the call waits: then it is not spent.
          if (!(await this.settings.budget.take(order, () => !this.stopped && this.readDue(cell, this.settings.now())))) return;
          const machine = await this.settings.api.getMachine(cell.expected.app, cell.expected.machine);
          this.apiAnswered();
          this.applyMachine(cell, machine, this.settings.now());
        } catch (err) {
          cell.lastReadFailed = true;
          cell.lastReadAt = this.settings.now();
          this.apiFailed(err);
        } finally {
          cell.readQueued = false;
        }
      })(),
    );
  }

  private applyMachine(cell: CellWatch, machine: FlyMachine | undefined, now: number): void {
    cell.lastReadAt = now;
    cell.lastReadFailed = false;
    const state = machine ? machine.state : "missing";
    if (state !== cell.state) {
      const changed = machine?.updated_at ? Date.parse(machine.updated_at) : NaN;
      cell.state = state;
      cell.stateSince = Number.isFinite(changed) && changed <= now ? changed : now;
    }
    const silentFor = now - (cell.lastBeatAt ?? this.startedAt);
    const found = judgeMachine(cell.expected, machine, {
      now,
      stateSince: cell.stateSince,
      windowMs: this.settings.windowMs,
      silentForMs: this.settings.heartbeats && silentFor > this.settings.windowMs ? silentFor : undefined,
      cellId: cell.id,
    });
    for (const kind of MACHINE_ISSUE_KINDS) this.settings.issues.set(cell.id, kind, found[kind]);
    if (found.failed && this.settings.restartFailed) this.restart(cell);
  }

  private restart(cell: CellWatch): void {
    const failedSince = this.settings.issues.get(cell.id, "failed")?.since;
    if (failedSince === undefined || cell.restartedFor === failedSince) return;
    cell.restartedFor = failedSince;
    const { app, machine } = cell.expected;
    this.track(
      (async () => {
        if (!(await this.settings.budget.take(RESTART_ORDER))) return;
        try {
          await this.settings.api.restartMachine(app, machine);
          this.settings.log.info(`flycell monitor: cell ${cell.id}: asked Fly to restart failed machine ${machine} (app ${app})`);
        } catch (err) {
          this.settings.log.warn(`flycell monitor: cell ${cell.id}: restart of machine ${machine} failed: ${(err as Error).message}`);
        }
      })(),
    );
  }

  /** Judges a volume's snapshots; false when the budget is closed. */
  private async checkSnapshots(cell: CellWatch, volumeId: string): Promise<boolean> {
    const { api, issues, snapshotMaxAgeMs } = this.settings;
    if (!(await this.sweepCall())) return false;
    try {
      const snapshots = await api.listSnapshots(cell.expected.app, volumeId);
      this.apiAnswered();
      if (snapshots === undefined) {
        issues.set(cell.id, "snapshot", `volume ${volumeId} is not in app ${cell.expected.app}`);
        return true;
      }
      // Only a volume without snapshots costs a second call: its age tells a new volume from a neglected one.
      let volume;
      if (newestSnapshotTime(snapshots) === undefined) {
        if (!(await this.sweepCall())) return false;
        volume = await api.getVolume(cell.expected.app, volumeId);
        this.apiAnswered();
      }
      issues.set(cell.id, "snapshot", judgeSnapshots(volumeId, snapshots, volume, this.settings.now(), snapshotMaxAgeMs));
    } catch (err) {
      this.apiFailed(err);
    }
    return true;
  }

  private apiAnswered(): void {
    this.apiAnswers++;
    if (!this.apiFailing) return;
    this.apiFailing = false;
    this.settings.log.info("flycell monitor: the Machines API answers again");
  }

  private apiFailed(err: unknown): void {
    const message = (err as Error).message;
    if (this.apiErrors.length < MAX_KEPT_ERRORS && !this.apiErrors.includes(message)) this.apiErrors.push(message);
    if (err instanceof MachinesApiError && err.status === 429) this.settings.budget.pauseUntil(this.settings.now() + (err.retryAfterSeconds ?? 30) * 1000);
    // One line per streak of failures.
    if (!this.apiFailing) this.settings.log.warn(`flycell monitor: Machines API call failed (${message}); later calls retry`);
    this.apiFailing = true;
  }

  private track(work: Promise<void>): void {
    const settled = work
      .catch((err) => this.settings.log.warn(`flycell monitor: ${(err as Error).message}`))
      .finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}
