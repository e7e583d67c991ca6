import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a replay's state stays valid: the Fly Proxy replays at once; this allows clock skew. */
export const REPLAY_STATE_TTL_SECONDS = 30;

const STATE = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

const mac = (secret: string, tenantId: string, expiresAt: number): string =>
  createHmac("sha256", secret).update(`${tenantId}|${expiresAt}`).digest("base64url");

/**
 * The fly-replay `state` for a request replayed to `tenantId`'s cell: `<expiry>.<mac>`, the
 * expiry in Unix seconds and the mac an HMAC-SHA256 under the cells' shared secret of
 * `<tenant id>|<expiry>`. It proves the replay came from a cell without revealing the secret.
 */
export function replayState(secret: string, tenantId: string, expiresAt: number): string {
  return `${expiresAt}.${mac(secret, tenantId, expiresAt)}`;
}

/** Whether `state` was made by `replayState` with this secret, for this tenant, and has not expired at `nowSeconds`. */
export function replayStateValid(secret: string, tenantId: string, state: string | undefined, nowSeconds: number): boolean {
  const match = STATE.exec(state ?? "");
  if (!match) return false;
  const expiresAt = Number(match[1]);
  const expected = Buffer.from(mac(secret, tenantId, expiresAt));
  return timingSafeEqual(expected, Buffer.from(match[2])) && expiresAt >= nowSeconds;
}
