/** A token bucket's refill rate and size. */
export interface Limit {
  readonly perSecond: number;
  readonly burst: number;
}

export type CallKind = "read" | "write";

/** Fly's published Machines API limits, per action and per machine (or app, for app-wide actions). */
export const FLY_LIMITS: Readonly<Record<CallKind, Limit>> = {
  read: { perSecond: 5, burst: 10 },
  write: { perSecond: 1, burst: 3 },
};

/**
 * How the server limits calls: Fly's limits (the default), the same scaled (`scale: 10` allows ten
 * times as many, for fast tests), given limits, or none (`false`).
 */
export type RateLimits = false | { readonly scale?: number; readonly read?: Limit; readonly write?: Limit };

interface Bucket {
  readonly limit: Limit;
  tokens: number;
  at: number;
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as none). */
const KEPT_BUCKETS = 4096;

/** Server-side token buckets, one per key (an action and what it acts on), on the server's clock. */
export class RateLimiter {
  // Keys hold app names and ids from requests: a Map, never an object.
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Readonly<Record<CallKind, Limit>>;

  constructor(
    private readonly now: () => number,
    settings: Exclude<RateLimits, false> = {},
  ) {
    const scale = settings.scale ?? 1;
    if (!(scale > 0)) throw new Error(`rate limit scale must be positive, got ${scale}`);
    const scaled = (l: Limit): Limit => ({ perSecond: l.perSecond * scale, burst: Math.max(1, Math.round(l.burst * scale)) });
    this.limits = { read: scaled(settings.read ?? FLY_LIMITS.read), write: scaled(settings.write ?? FLY_LIMITS.write) };
    for (const l of Object.values(this.limits)) {
      if (!(l.perSecond > 0 && l.burst >= 1)) throw new Error(`a rate limit of ${l.perSecond}/s, burst ${l.burst}: needs a positive rate and a burst of at least 1`);
    }
  }

  /** Takes a token for a call under `key`: 0 when it may go ahead, else the seconds to wait (Retry-After). */
  take(key: string, kind: CallKind): number {
    const limit = this.limits[kind];
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { limit, tokens: limit.burst, at: t };
    // A clock that steps back (a test's) refills nothing.
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * limit.perSecond);
    bucket.at = Math.max(bucket.at, t);
    this.buckets.set(key, bucket);
    if (this.buckets.size > KEPT_BUCKETS) this.forgetFull();
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  private forgetFull(): void {
    const t = this.now();
    for (const [key, b] of this.buckets) {
      if (b.tokens + (Math.max(0, t - b.at) / 1000) * b.limit.perSecond >= b.limit.burst) this.buckets.delete(key);
    }
  }
}
