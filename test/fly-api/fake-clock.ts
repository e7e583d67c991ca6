import type { Clock } from "../../lib/fly-api/clock";

/**
 * A clock that never waits: a sleep moves time to its wake-up at once. Sleeps begun together
 * wake at the latest of their ends, as they would in real time.
 */
export class FakeClock implements Clock {
  /** Every sleep asked for, in ms. */
  readonly sleeps: number[] = [];

  constructor(public time = 0) {}

  now = (): number => this.time;

  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    const wake = this.time + Math.max(0, ms);
    // Time moves once the sleeps begun in this turn have all read it.
    await Promise.resolve();
    this.time = Math.max(this.time, wake);
  };
}
