import * as fs from "fs";
import * as path from "path";
import { RECOVERED_TFVARS_FILE } from "../plan/naming";

/** What Terraform is told of a volume flycell made (one variable's value in the tfvars file). */
export interface RecoveredVolume {
  /** The new volume's id, which Terraform adopts. */
  readonly volume: string;
  readonly kind: "snapshot" | "fork";
  /** The volume the data came from. */
  readonly source_volume: string;
  /** The snapshot restored, or "" for a fork. */
  readonly snapshot: string;
  /** When that snapshot was taken (ISO), or "" for a fork or when no longer known. */
  readonly taken_at: string;
  /** The snapshot's size, or the forked volume's; 0 when no longer known. */
  readonly size_bytes: number;
}

export const recoveredFileOf = (stackDir: string) => path.join(stackDir, RECOVERED_TFVARS_FILE);

const isRecord = (value: unknown): value is RecoveredVolume => {
  const v = value as Partial<Record<keyof RecoveredVolume, unknown>> | null;
  return (
    typeof v === "object" && v !== null &&
    typeof v.volume === "string" && (v.kind === "snapshot" || v.kind === "fork") &&
    typeof v.source_volume === "string" && typeof v.snapshot === "string" &&
    typeof v.taken_at === "string" && typeof v.size_bytes === "number"
  );
};

/**
 * What an earlier run wrote, by variable: a rerun that finds its volume keeps what it knew of
 * the source. An unreadable file counts as none: it is rewritten from the account.
 */
export function readRecoveredFile(stackDir: string): Map<string, RecoveredVolume> {
  const records = new Map<string, RecoveredVolume>();
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(recoveredFileOf(stackDir), "utf8"));
  } catch {
    return records;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return records;
  for (const key of Object.keys(json)) {
    const value: unknown = (json as Record<string, unknown>)[key];
    if (isRecord(value)) records.set(key, value);
  }
  return records;
}

/** Writes the variables (or removes the file when there are none); the file's path, or undefined when removed. */
export function writeRecoveredFile(stackDir: string, records: ReadonlyMap<string, RecoveredVolume>): string | undefined {
  const file = recoveredFileOf(stackDir);
  if (records.size === 0) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  const sorted = [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Written whole, then renamed: Terraform never reads half a file.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(Object.fromEntries(sorted), null, 2)}\n`);
  fs.renameSync(partial, file);
  return file;
}
