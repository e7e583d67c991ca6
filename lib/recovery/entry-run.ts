import { RetryPolicy } from "../fly-api/backoff";
import { Clock } from "../fly-api/clock";
import { FlyVolume, MachinesApi } from "../fly-api/machines-api";
import { RecoveryEntry } from "./manifest";
import { apiSaid, EntryProblem, subjectOf } from "./problem";

/** How one recovery run talks to the API and how long it waits. */
export interface RunSettings {
  readonly api: MachinesApi;
  readonly clock: Clock;
  /** Between two looks at a volume being made or a machine stopping. */
  readonly pollIntervalMs: number;
  /** Looks before giving up on it. */
  readonly pollAttempts: number;
  /** Tries of a volume create that got no clear answer (5xx, no answer). */
  readonly retry: RetryPolicy;
}

/** `g1_acme (vol_…)`. */
export const volumeLabel = (v: FlyVolume) => `${v.name ?? "(no name)"} (${v.id})`;

/** States of a volume or machine on its way out, or gone. */
export const GONE = /destroy/;

/**
 * One manifest entry's recovery: its subject and fields for messages, and what it has changed
 * in the account so far, so a failure says whether anything was.
 */
export class EntryRun {
  readonly subject: string;
  /** The field the line asked for a new volume with, and its value. */
  readonly sourceField: string;
  readonly sourceValue: string;
  private readonly prefix: string;
  private readonly changed: string[] = [];

  constructor(
    readonly entry: RecoveryEntry,
    readonly settings: RunSettings,
  ) {
    const { subject, prefix } = subjectOf(entry);
    this.subject = subject;
    this.prefix = prefix;
    const fork = "fork" in entry.source;
    this.sourceField = `${prefix}${fork ? "move.data" : "restore.snapshot"}`;
    this.sourceValue = "snapshot" in entry.source ? entry.source.snapshot : "fork";
  }

  get api(): MachinesApi {
    return this.settings.api;
  }

  /** A field of the line (or the shared cell's declaration): `region`, `sharedCells.ams-1.region`. */
  field(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** How lines start: the tenant, or the shared cell. */
  get who(): string {
    return this.entry.kind === "cell" ? `${this.entry.owner} (shared cell)` : this.entry.owner;
  }

  /** Records a change made in the account, for the messages of a later failure. */
  did(what: string): void {
    this.changed.push(what);
  }

  fail(field: string, value: string, message: string): never {
    throw new EntryProblem({ subject: this.subject, field, value, message, changed: this.changed.length > 0 ? this.changed.join("; ") : undefined });
  }

  /** An API call; any failure becomes this entry's problem, on the field it asked with. */
  async ask<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof EntryProblem) throw err;
      return this.fail(this.sourceField, this.sourceValue, `${what}: ${apiSaid(err)}`);
    }
  }

  /**
   * Looks at something until `state` says it is done, a bounded number of times. `state`
   * answers "done", "wait", or why it never will be.
   */
  async waitFor<T>(what: string, first: T, look: () => Promise<T | undefined>, state: (t: T) => "done" | "wait" | { readonly never: string }): Promise<T> {
    const { clock, pollIntervalMs, pollAttempts } = this.settings;
    let current = first;
    for (let looked = 0; ; looked++) {
      const now = state(current);
      if (now === "done") return current;
      if (now !== "wait") return this.fail(this.sourceField, this.sourceValue, `${what}: ${now.never}`);
      if (looked >= pollAttempts) {
        return this.fail(this.sourceField, this.sourceValue, `${what}: not done after ${Math.round((pollAttempts * pollIntervalMs) / 1000)} s; run flycell recover again, it picks up from here`);
      }
      await clock.sleep(pollIntervalMs);
      const seen = await this.ask(what, look);
      if (seen === undefined) return this.fail(this.sourceField, this.sourceValue, `${what}: it is gone (404)`);
      current = seen;
    }
  }

  /** The oldest live volume of the app with this name (a name Fly does not keep unique). */
  static named(volumes: readonly FlyVolume[], name: string): FlyVolume | undefined {
    return volumes
      .filter((v) => v.name === name && !GONE.test(v.state ?? ""))
      .sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? "") || a.id.localeCompare(b.id))[0];
  }
}
