import { Clock, systemClock } from "./clock";

/** A token bucket's rate and burst. */
export interface BucketLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** Fly's published Machines API limits: per action and per machine or app. */
export const FLY_RATE_LIMITS: { readonly read: BucketLimit; readonly write: BucketLimit } = {
  read: { perSecond: 5, burst: 10 },
  write: { perSecond: 1, burst: 3 },
};

export type CallKind = keyof typeof FLY_RATE_LIMITS;

/**
 * What the client allows itself: one token less than Fly's bursts, at 90% of Fly's rates. Fly
 * counts a call when it arrives, which is later than when the client counted it, and by more
 * for a slow one: the spare token and the slower refill absorb that lag instead of a 429.
 */
export const CLIENT_RATE_LIMITS: { readonly read: BucketLimit; readonly write: BucketLimit } = {
  read: { perSecond: FLY_RATE_LIMITS.read.perSecond * 0.9, burst: FLY_RATE_LIMITS.read.burst - 1 },
  write: { perSecond: FLY_RATE_LIMITS.write.perSecond * 0.9, burst: FLY_RATE_LIMITS.write.burst - 1 },
};

interface Bucket {
  readonly limit: BucketLimit;
  /** May go below zero: callers already promised a token wait their share of the deficit. */
  tokens: number;
  at: number;
  /** No token is granted before this time (the API answered 429). */
  heldUntil: number;
}

/** Buckets kept before full ones are dropped (a full bucket is the same as none). */
const KEPT_BUCKETS = 1024;

/**
 * Client-side token buckets, one per key (an action and the machine or app it acts on), so
 * flycell stays inside Fly's limits instead of spending its calls on 429s. A caller reserves
 * its token at once and sleeps for the deficit, so concurrent callers queue in order.
 */
export class FlyRateLimiter {
  // User-supplied app and machine names in the keys: a Map, never an object.
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly limits: { readonly read: BucketLimit; readonly write: BucketLimit } = CLIENT_RATE_LIMITS,
  ) {
    for (const limit of [limits.read, limits.write]) {
      if (!(limit.perSecond > 0 && limit.burst >= 1)) throw new Error(`FlyRateLimiter: a limit of ${limit.perSecond}/s, burst ${limit.burst}: needs a positive rate and a burst of at least 1`);
    }
  }

  /** Waits until a call under `key` fits its bucket, and takes the token. */
  async take(key: string, kind: CallKind): Promise<void> {
    const wait = this.reserve(key, this.limits[kind]);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Grants nothing under `key` before `time` (Retry-After). */
  holdUntil(key: string, kind: CallKind, time: number): void {
    const bucket = this.bucketOf(key, this.limits[kind]);
    bucket.heldUntil = Math.max(bucket.heldUntil, time);
  }

  /** Milliseconds the caller must wait for its token (0: now). */
  private reserve(key: string, limit: BucketLimit): number {
    const bucket = this.bucketOf(key, limit);
    const now = this.clock.now();
    const start = Math.max(now, bucket.heldUntil);
    bucket.tokens -= 1;
    const wait = bucket.tokens >= 0 ? 0 : (-bucket.tokens / limit.perSecond) * 1000;
    return Math.max(0, start - now) + wait;
  }

  private bucketOf(key: string, limit: BucketLimit): Bucket {
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= KEPT_BUCKETS) this.dropFull(now);
      bucket = { limit, tokens: limit.burst, at: now, heldUntil: -Infinity };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    return bucket;
  }

  private dropFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + ((now - bucket.at) / 1000) * bucket.limit.perSecond;
      if (refilled >= bucket.limit.burst && bucket.heldUntil <= now) this.buckets.delete(key);
    }
  }
}
