import * as crypto from "node:crypto";

/** How far a beat's timestamp may be from the monitor's clock. */
export const SIGNATURE_MAX_SKEW_SECONDS = 300;

// The cells' side is lib/cell/heartbeat.ts (`heartbeatAuthorization`).
const AUTHORIZATION = /^Flycell-HMAC (\d{1,12})\.([0-9a-f]{64})$/;

export type SignatureCheck = { readonly ok: true; readonly timestamp: number; readonly mac: string } | { readonly ok: false; readonly reason: "missing signature" | "malformed signature" | "stale timestamp" | "bad signature" };

/**
 * Checks `authorization: Flycell-HMAC <unix seconds>.<hex HMAC-SHA256(secret, "<unix seconds>.<body>")>`:
 * the timestamp within ±300 s of `nowMs`, the MAC compared in constant time.
 */
export function checkSignature(header: string | undefined, body: Buffer, secret: string, nowMs: number): SignatureCheck {
  if (!header) return { ok: false, reason: "missing signature" };
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) return { ok: false, reason: "malformed signature" };
  const timestamp = Number(match[1]);
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_MAX_SKEW_SECONDS) return { ok: false, reason: "stale timestamp" };
  const expected = crypto.createHmac("sha256", secret).update(`${match[1]}.`).update(body).digest();
  const given = Buffer.from(match[2], "hex");
  if (!crypto.timingSafeEqual(expected, given)) return { ok: false, reason: "bad signature" };
  return { ok: true, timestamp, mac: match[2] };
}

/**
 * Refuses a beat seen before: per cell, a timestamp older than the last accepted one, or the
 * same timestamp and MAC again. Memory stays one entry per cell.
 */
export class ReplayGuard {
  private readonly last = new Map<string, { timestamp: number; macs: Set<string> }>();

  /** Records the beat and says whether it is new. */
  accept(cell: string, timestamp: number, mac: string): boolean {
    const seen = this.last.get(cell);
    if (seen && timestamp < seen.timestamp) return false;
    if (seen && timestamp === seen.timestamp) {
      if (seen.macs.has(mac)) return false;
      seen.macs.add(mac);
      return true;
    }
    this.last.set(cell, { timestamp, macs: new Set([mac]) });
    return true;
  }
}
