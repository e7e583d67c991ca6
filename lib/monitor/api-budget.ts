/** Calls granted in the last `spanMs`, at most `limit` of them: a ring of grant times. */
class RollingWindow {
  private readonly times: number[] = [];
  private next = 0;

  constructor(
    private readonly limit: number,
    private readonly spanMs: number,
  ) {}

  /** When a call may next be granted (now or later). */
  freeAt(): number {
    return this.times.length < this.limit ? -Infinity : this.times[this.next] + this.spanMs;
  }

  record(time: number): void {
    if (this.times.length < this.limit) this.times.push(time);
    else this.times[this.next] = time;
    this.next = (this.next + 1) % this.limit;
  }
}

interface Waiter {
  readonly order: number;
  readonly seq: number;
  readonly stillWanted: () => boolean;
  readonly grant: (granted: boolean) => void;
}

const before = (a: Waiter, b: Waiter) => a.order < b.order || (a.order === b.order && a.seq < b.seq);

/** A binary heap of waiters, lowest `order` first, first come first within an order. */
class WaiterQueue {
  private readonly heap: Waiter[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(waiter: Waiter): void {
    const heap = this.heap;
    heap.push(waiter);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): Waiter | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let least = i;
        if (l < heap.length && before(heap[l], heap[least])) least = l;
        if (r < heap.length && before(heap[r], heap[least])) least = r;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    }
    return top;
  }
}

/**
 * The monitor's allowance of Machines API calls: never more than `callsPerMinute` in any 60 s,
 * nor more than a sixth of them (rounded up) in any 10 s, whatever the fleet size. Callers wait
 * their turn in `order` (lowest first); one that no longer needs its call lets it go unspent.
 * Times come from `now`, so a test's clock drives it; `drain()` lets it catch up with that clock.
 */
export class ApiBudget {
  private readonly windows: RollingWindow[];
  private readonly queue = new WaiterQueue();
  private seq = 0;
  private pausedUntil = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Calls granted so far. */
  granted = 0;

  constructor(
    callsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(callsPerMinute >= 1)) throw new Error(`ApiBudget: callsPerMinute is ${callsPerMinute}: at least 1`);
    const perMinute = Math.floor(callsPerMinute);
    this.windows = [new RollingWindow(perMinute, 60_000), new RollingWindow(Math.ceil(perMinute / 6), 10_000)];
  }

  /** Callers waiting for a call. */
  get waiting(): number {
    return this.queue.size;
  }

  /**
   * Resolves true when a call may be made now, or false when, at its turn, `stillWanted` says the
   * call is no longer needed (nothing is spent) or the budget is closed.
   */
  take(order: number, stillWanted: () => boolean = () => true): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((grant) => {
      this.queue.push({ order, seq: this.seq++, stillWanted, grant });
      this.drain();
    });
  }

  /** Holds every call back until `time` (the API said 429). */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  /** Grants what the windows allow now, and sets a timer for the next grant. */
  drain(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const now = this.now();
      const freeAt = Math.max(this.pausedUntil, ...this.windows.map((w) => w.freeAt()));
      if (freeAt > now) {
        if (this.queue.size > 0) {
          this.timer = setTimeout(() => this.drain(), Math.min(freeAt - now, 60_000));
          this.timer.unref();
        }
        return;
      }
      const waiter = this.queue.pop();
      if (!waiter) return;
      if (!waiter.stillWanted()) {
        waiter.grant(false);
        continue;
      }
      for (const window of this.windows) window.record(now);
      this.granted++;
      waiter.grant(true);
    }
  }

  /** Refuses every waiting and later call. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (let waiter = this.queue.pop(); waiter; waiter = this.queue.pop()) waiter.grant(false);
  }
}
