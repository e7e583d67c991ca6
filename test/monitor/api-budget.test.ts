import { ApiBudget } from "../../lib/monitor/api-budget";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Takes `count` calls at once and returns the grant order (by label) once the microtasks ran. */
async function grantsAfter(budget: ApiBudget, labels: { label: string; order: number }[]): Promise<string[]> {
  const granted: string[] = [];
  for (const { label, order } of labels) void budget.take(order).then((ok) => ok && granted.push(label));
  await new Promise((resolve) => setImmediate(resolve));
  return granted;
}

describe("ApiBudget", () => {
  it("grants at most a sixth of the minute's calls per 10 s and the minute's calls per 60 s", async () => {
    const clock = manualClock();
    const budget = new ApiBudget(30, clock.now);
    const labels = Array.from({ length: 100 }, (_, i) => ({ label: `c${i}`, order: i }));
    const granted = await grantsAfter(budget, labels);
    expect(granted).toEqual(["c0", "c1", "c2", "c3", "c4"]);
    const perStep: number[] = [];
    for (let step = 0; step < 12; step++) {
      clock.advance(10_000);
      const before = budget.granted;
      budget.drain();
      await new Promise((resolve) => setImmediate(resolve));
      perStep.push(budget.granted - before);
    }
    // 5 per 10 s is 30 a minute: the two limits agree, and nothing more is granted.
    expect(perStep).toEqual(Array(12).fill(5));
    budget.close();
  });

  it("grants the whole minute's calls when they are not a multiple of six (10 a minute: 2 per 10 s)", async () => {
    const clock = manualClock();
    const budget = new ApiBudget(10, clock.now);
    const labels = Array.from({ length: 100 }, (_, i) => ({ label: `c${i}`, order: i }));
    const perStep = [(await grantsAfter(budget, labels)).length];
    for (let step = 1; step < 12; step++) {
      clock.advance(10_000);
      const before = budget.granted;
      budget.drain();
      await new Promise((resolve) => setImmediate(resolve));
      perStep.push(budget.granted - before);
    }
    // 2, 2, 2, 2, 2 fill the minute's 10; the sixth 10 s waits for the first grants to age out.
    expect(perStep).toEqual([2, 2, 2, 2, 2, 0, 2, 2, 2, 2, 2, 0]);
    budget.close();
  });

  it("serves the lowest order first and lets an unneeded call go unspent", async () => {
    const clock = manualClock();
    const budget = new ApiBudget(6, clock.now); // one call per 10 s
    const first = await grantsAfter(budget, [{ label: "sweep", order: 2e15 }]);
    expect(first).toEqual(["sweep"]);
    const order: string[] = [];
    let wanted = true;
    void budget.take(2e15).then((ok) => ok && order.push("sweep-2"));
    void budget.take(500, () => wanted).then((ok) => order.push(ok ? "suspect-b" : "suspect-b dropped"));
    void budget.take(100).then((ok) => ok && order.push("suspect-a"));
    wanted = false;
    for (let i = 0; i < 3; i++) {
      clock.advance(10_000);
      budget.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(order).toEqual(["suspect-a", "suspect-b dropped", "sweep-2"]);
    expect(budget.granted).toBe(3);
    budget.close();
  });

  it("holds every call back while paused (a 429), and refuses all once closed", async () => {
    const clock = manualClock();
    const budget = new ApiBudget(600, clock.now);
    budget.pauseUntil(clock.now() + 30_000);
    expect(await grantsAfter(budget, [{ label: "a", order: 1 }])).toEqual([]);
    clock.advance(30_000);
    budget.drain();
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.granted).toBe(1);
    budget.pauseUntil(clock.now() + 30_000);
    const waiting = budget.take(1);
    expect(budget.waiting).toBe(1);
    budget.close();
    expect(await waiting).toBe(false);
    expect(await budget.take(1)).toBe(false);
    expect(budget.granted).toBe(1);
  });

  it("refuses a budget under one call a minute", () => {
    expect(() => new ApiBudget(0)).toThrow(/at least 1/);
  });
});
