import * as crypto from "node:crypto";

/** How old a beat's timestamp may be on the monitor's clock: a late beat, a cell's clock behind. */
export const SIGNATURE_MAX_AGE_SECONDS = 300;
/** How far ahead of the monitor's clock a beat's timestamp may be: clock skew, no more. */
export const SIGNATURE_MAX_AHEAD_SECONDS = 30;

/**
 * What a cell's own heartbeat key is derived from: `sha256("flycell-heartbeat:<cell id>:<fleet key>")`,
 * in hex. Terraform has `sha256()` but no HMAC, and the key must be derived inside Terraform so that
 * it never enters the synthesized JSON (lib/constructs/monitor.ts). With the fleet key last, neither
 * it nor another cell's key can be computed from one cell's key (length extension only appends after
 * the fleet key); cell ids are slugs, so no two cells hash the same text.
 */
export const CELL_KEY_PREFIX = "flycell-heartbeat:";

/** The key a cell with a key of its own signs with (app-per-cell): see `CELL_KEY_PREFIX`. */
export function cellHeartbeatKey(fleetKey: string, cellId: string): string {
  return crypto.createHash("sha256").update(`${CELL_KEY_PREFIX}${cellId}:${fleetKey}`, "utf8").digest("hex");
}

// The cells' side is lib/cell/heartbeat.ts (`heartbeatAuthorization`).
const AUTHORIZATION = /^Flycell-HMAC (\d{1,12})\.([0-9a-f]{64})$/;

const AHEAD_REASON = `timestamp more than ${SIGNATURE_MAX_AHEAD_SECONDS} s ahead` as const;
export type SignatureRefusal = "missing signature" | "malformed signature" | "stale timestamp" | typeof AHEAD_REASON | "bad signature";

/** An authorization header read and its timestamp judged; the MAC still to check. */
export type SignedHeader = { readonly ok: true; readonly timestamp: number; readonly text: string; readonly mac: string } | { readonly ok: false; readonly reason: SignatureRefusal };

/**
 * Reads `authorization: Flycell-HMAC <unix seconds>.<hex HMAC-SHA256(key, "<unix seconds>.<body>")>`
 * and judges its timestamp: at most 300 s old, at most 30 s ahead of `nowMs`.
 */
export function readSignature(header: string | undefined, nowMs: number): SignedHeader {
  if (!header) return { ok: false, reason: "missing signature" };
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) return { ok: false, reason: "malformed signature" };
  const timestamp = Number(match[1]);
  const nowSeconds = nowMs / 1000;
  if (nowSeconds - timestamp > SIGNATURE_MAX_AGE_SECONDS) return { ok: false, reason: "stale timestamp" };
  if (timestamp - nowSeconds > SIGNATURE_MAX_AHEAD_SECONDS) return { ok: false, reason: AHEAD_REASON };
  return { ok: true, timestamp, text: match[1], mac: match[2] };
}

/** Whether the MAC is the body's under `key`, compared in constant time. */
export function macMatches(signed: { readonly text: string; readonly mac: string }, body: Buffer, key: string): boolean {
  const expected = crypto.createHmac("sha256", key).update(`${signed.text}.`).update(body).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(signed.mac, "hex"));
}

/** Beats remembered per cell; a cell beats once a minute, so the window holds about six. */
export const REPLAY_MEMORY_PER_CELL = 64;

/**
 * Refuses a beat seen before. It remembers, per cell, the MACs of the beats it accepted whose
 * timestamps are still within the acceptance window, so a beat stamped ahead does not shut out
 * the cell's next real ones. Memory is bounded: past `REPLAY_MEMORY_PER_CELL` beats the oldest is
 * forgotten and nothing as old as it is taken again.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, { readonly macs: Map<string, number>; floor: number }>();

  /** Records the beat and says whether it is new; `nowMs` forgets what the window has left. */
  accept(cell: string, timestamp: number, mac: string, nowMs: number): boolean {
    let memory = this.seen.get(cell);
    if (!memory) {
      memory = { macs: new Map(), floor: -Infinity };
      this.seen.set(cell, memory);
    }
    // Beats this old are refused as stale before they get here: no need to remember them.
    const oldest = nowMs / 1000 - SIGNATURE_MAX_AGE_SECONDS;
    for (const [kept, at] of memory.macs) if (at < oldest) memory.macs.delete(kept);
    if (timestamp <= memory.floor || memory.macs.has(mac)) return false;
    memory.macs.set(mac, timestamp);
    if (memory.macs.size > REPLAY_MEMORY_PER_CELL) {
      let [forgotten, forgottenAt] = ["", Infinity];
      for (const [kept, at] of memory.macs) if (at < forgottenAt) [forgotten, forgottenAt] = [kept, at];
      memory.macs.delete(forgotten);
      memory.floor = Math.max(memory.floor, forgottenAt);
    }
    return true;
  }
}
