import { FLY_RATE_LIMITS, FlyRateLimiter } from "../../lib/fly-api/rate-limiter";
import { FakeClock } from "./fake-clock";

/** The clock's time after each of `count` takes, one after another. */
async function grantTimes(limiter: FlyRateLimiter, clock: FakeClock, key: string, kind: "read" | "write", count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await limiter.take(key, kind);
    times.push(clock.now());
  }
  return times;
}

describe("FlyRateLimiter on Fly's limits (writes 1/s burst 3, reads 5/s burst 10)", () => {
  it("lets a burst of 3 writes through, then one a second", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    expect(await grantTimes(limiter, clock, "stop_machine app/m1", "write", 6)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it("lets a burst of 10 reads through, then one each 200 ms", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    const times = await grantTimes(limiter, clock, "get_machine app/m1", "read", 13);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.slice(10)).toEqual([200, 400, 600]);
  });

  it("keeps one bucket per action and machine or app: another machine or action has its own burst", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    await grantTimes(limiter, clock, "stop_machine app/m1", "write", 3);
    expect(await grantTimes(limiter, clock, "stop_machine app/m2", "write", 3)).toEqual([0, 0, 0]);
    expect(await grantTimes(limiter, clock, "start_machine app/m1", "write", 3)).toEqual([0, 0, 0]);
  });

  it("refills while idle, up to the burst only", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    await grantTimes(limiter, clock, "create_volume app", "write", 3);
    clock.time += 60_000;
    expect(await grantTimes(limiter, clock, "create_volume app", "write", 4)).toEqual([60_000, 60_000, 60_000, 61_000]);
  });

  it("queues callers that come together, each after the one before", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    await Promise.all(Array.from({ length: 5 }, () => limiter.take("create_volume app", "write")));
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(clock.now()).toBe(2000);
  });

  it("grants nothing under a held key until the hold ends (Retry-After)", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock, FLY_RATE_LIMITS);
    limiter.holdUntil("list_volumes app", "read", 5000);
    expect(await grantTimes(limiter, clock, "list_volumes app", "read", 1)).toEqual([5000]);
    expect(await grantTimes(limiter, clock, "list_machines app", "read", 1)).toEqual([5000]);
  });

  it("by default keeps a margin: a burst one less than Fly's, at 90% of its rates", async () => {
    const clock = new FakeClock();
    const limiter = new FlyRateLimiter(clock);
    expect(await grantTimes(limiter, clock, "stop_machine app/m1", "write", 3)).toEqual([0, 0, 1000 / 0.9]);
  });

  it("refuses a limit it cannot keep", () => {
    expect(() => new FlyRateLimiter(new FakeClock(), { read: { perSecond: 0, burst: 1 }, write: { perSecond: 1, burst: 3 } })).toThrow(/positive rate/);
  });
});
