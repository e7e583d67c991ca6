import { DEFAULT_RETRY, RetryPolicy } from "../fly-api/backoff";
import { Clock } from "../fly-api/clock";
import { MachinesApi } from "../fly-api/machines-api";
import { EntryRun, RunSettings } from "./entry-run";
import { readRecoveryManifest } from "./manifest";
import { EntryProblem, RecoveryFailure, RecoveryProblem } from "./problem";
import { readRecoveredFile, RecoveredVolume, writeRecoveredFile } from "./recovered-file";
import { RecoveredEntry, recoverEntry } from "./recover-entry";

export interface RecoverOptions {
  /** Waits and "now" (a snapshot's age); a test's clock makes them instant. @default the API client's */
  readonly clock?: Clock;
  /** @default 1000 */
  readonly pollIntervalMs?: number;
  /** Looks at a volume being made, or a machine stopping, before giving up. @default 300 (5 minutes at 1 s) */
  readonly pollAttempts?: number;
  /** Tries of a volume create that got no clear answer. @default DEFAULT_RETRY */
  readonly retry?: RetryPolicy;
}

/** One stack's recover step. */
export interface RecoveryResult {
  readonly stackDir: string;
  /** Per entry of the manifest that worked, in its order. */
  readonly entries: readonly RecoveredEntry[];
  readonly problems: readonly RecoveryProblem[];
  /** The tfvars file written, or undefined when there was nothing to write (and none is left). */
  readonly file?: string;
}

function settingsOf(api: MachinesApi, options: RecoverOptions): RunSettings {
  return {
    api,
    clock: options.clock ?? api.clock,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    pollAttempts: options.pollAttempts ?? 300,
    retry: options.retry ?? DEFAULT_RETRY,
  };
}

/** Every entry of one stack, one after another; problems are collected, not thrown. */
async function runStack(stackDir: string, settings: RunSettings): Promise<RecoveryResult> {
  const manifest = readRecoveryManifest(stackDir);
  const earlier = readRecoveredFile(stackDir);
  const records = new Map<string, RecoveredVolume>();
  const entries: RecoveredEntry[] = [];
  const problems: RecoveryProblem[] = [];
  for (const entry of manifest) {
    try {
      const done = await recoverEntry(new EntryRun(entry, settings), earlier.get(entry.variable));
      entries.push(done);
      records.set(entry.variable, done.record);
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      problems.push(err.problem);
      // What an earlier run recorded stays while its entry is pending: a failed look is no loss.
      const kept = earlier.get(entry.variable);
      if (kept) records.set(entry.variable, kept);
    }
  }
  return { stackDir, entries, problems, file: writeRecoveredFile(stackDir, records) };
}

/**
 * The recover step of one stack, before Terraform plans it: makes every volume its
 * `locals.flycell_recoveries` lists through the Machines API (or finds the one an earlier run
 * made), and writes `flycell-recovered.auto.tfvars.json` for Terraform to adopt them; removes
 * that file when nothing is pending. Throws `RecoveryFailure` (after writing what did work)
 * when a volume could not be made, `RecoveryManifestError` when the manifest is unreadable.
 */
export async function recoverStack(stackDir: string, api: MachinesApi, options: RecoverOptions = {}): Promise<RecoveryResult> {
  const result = await runStack(stackDir, settingsOf(api, options));
  if (result.problems.length > 0) throw new RecoveryFailure(result.problems, result.entries.map((e) => e.line));
  return result;
}

/** `recoverStack` over several stacks, each one tried; one `RecoveryFailure` names every problem at the end. */
export async function recoverStacks(stackDirs: readonly string[], api: MachinesApi, options: RecoverOptions = {}): Promise<RecoveryResult[]> {
  const settings = settingsOf(api, options);
  const results: RecoveryResult[] = [];
  for (const dir of stackDirs) results.push(await runStack(dir, settings));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new RecoveryFailure(problems, results.flatMap((r) => r.entries.map((e) => e.line)));
  return results;
}
