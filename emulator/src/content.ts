import { AccountRefusal, factsOf, own, StoreFile, usedBytes, volumeFacts, volumeIdFor } from "./account";

/** Longest content marker: it names the data, it is not the data. */
const MAX_CONTENT = 4096;
/** The largest volume Fly makes (500 GB), in bytes: no more data than that fits. */
const MAX_BYTES = 500 * 1024 ** 3;

export interface VolumeContent {
  readonly volume: string;
  readonly content: string;
  /** Bytes in use: what a snapshot of it holds. */
  readonly bytes: number;
}

/**
 * Writes a volume's content marker (the volume named by id or by a name only it has), the test's stand-in for its data (snapshots, restores and
 * forks copy it), and optionally how many bytes the data takes (a snapshot's size).
 */
export function writeContent(file: StoreFile, volume: string, content: string, bytes: number | undefined, now: number): VolumeContent {
  const volumeId = volumeIdFor(file, volume);
  if (!volumeId) throw new AccountRefusal("not_found", `volume ${volume} not found`);
  if (content.length > MAX_CONTENT) throw new AccountRefusal("invalid", `content is ${content.length} characters; at most ${MAX_CONTENT}`);
  if (bytes !== undefined && !(Number.isInteger(bytes) && bytes >= 0 && bytes <= MAX_BYTES)) {
    throw new AccountRefusal("invalid", `bytes must be a whole number from 0 to ${MAX_BYTES}, got ${bytes}`);
  }
  const v = volumeFacts(file, volumeId, now);
  v.content = content;
  if (bytes !== undefined) v.used_bytes = bytes;
  return { volume: volumeId, content, bytes: usedBytes(v) };
}

/** A volume's content marker ("" until one is written), by id or unique name; kept for a deleted volume while the account remembers it. */
export function readContent(file: StoreFile, volume: string): VolumeContent {
  const volumeId = volumeIdFor(file, volume) ?? volume;
  const v = own(factsOf(file).volumes, volumeId);
  if (!v && volumeIdFor(file, volumeId) === undefined) throw new AccountRefusal("not_found", `volume ${volume} not found`);
  return { volume: volumeId, content: v?.content ?? "", bytes: v ? usedBytes(v) : 0 };
}
