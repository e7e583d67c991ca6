/** How often and how long a refused call is tried again. */
export interface RetryPolicy {
  /** Tries of one call in all, the first included. */
  readonly attempts: number;
  /** The first wait; each later one doubles, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the call fails with the answer. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * The wait before the next try after `tried` tries failed, or undefined to give up. The
 * server's Retry-After wins over the backoff: it knows when its limit refills.
 */
export function retryDelayMs(policy: RetryPolicy, tried: number, retryAfterMs?: number): number | undefined {
  if (tried >= policy.attempts) return undefined;
  if (retryAfterMs !== undefined) return retryAfterMs > policy.maxRetryAfterMs ? undefined : retryAfterMs;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tried - 1));
}

/** A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function retryAfterMs(header: string | readonly string[] | undefined, now: number): number | undefined {
  const text = (typeof header === "string" ? header : header?.[0])?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month: a bare "-1" is no date.
  const date = /[A-Za-z]/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
