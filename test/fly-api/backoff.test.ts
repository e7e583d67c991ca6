import { DEFAULT_RETRY, retryAfterMs, retryDelayMs } from "../../lib/fly-api/backoff";

describe("retryDelayMs", () => {
  it("doubles from the base up to the cap, and gives up after the last try", () => {
    const policy = { attempts: 7, baseDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((tried) => retryDelayMs(policy, tried))).toEqual([500, 1000, 2000, 4000, 4000, 4000, undefined]);
  });

  it("waits what Retry-After says, and gives up when that is over the longest wait", () => {
    expect(retryDelayMs(DEFAULT_RETRY, 1, 3000)).toBe(3000);
    expect(retryDelayMs(DEFAULT_RETRY, 1, 0)).toBe(0);
    expect(retryDelayMs(DEFAULT_RETRY, 1, DEFAULT_RETRY.maxRetryAfterMs + 1)).toBeUndefined();
    expect(retryDelayMs(DEFAULT_RETRY, DEFAULT_RETRY.attempts, 1000)).toBeUndefined();
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  it("reads delay-seconds and HTTP dates", () => {
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs(" 0.5 ", now)).toBe(500);
    expect(retryAfterMs("Tue, 01 Dec 2026 10:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Tue, 01 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(["4"], now)).toBe(4000);
  });

  it("is undefined when absent or unreadable", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("", now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-1", now)).toBeUndefined();
  });
});
