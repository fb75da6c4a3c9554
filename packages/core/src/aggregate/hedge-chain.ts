import type { Clock } from '../util/clock.js';

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
}

/**
 * The start order of one hedged run. Items are let through in input order;
 * item k goes once every earlier item has been let through (or has its
 * result) and either none of them is still running (they all failed) or
 * `delayMs` has passed since the last one was let through. So hedges are
 * spaced `delayMs` apart while earlier items are still out, and a failure
 * hands over at once.
 */
export class HedgeChain {
  /** Let through and still without a result. */
  private readonly running = new Set<number>();
  /** Let through or with a result: what later items wait for. */
  private readonly passed = new Set<number>();
  private readonly waiting = new Map<number, Waiter>();
  private frontier = 0;
  private lastReleaseAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(
    /** The run's stop signal: when it aborts, every waiting item is refused. */
    readonly signal: AbortSignal,
    /** Hedge delay, in milliseconds. */
    readonly delayMs: number,
    private readonly clock: Clock,
  ) {
    signal.addEventListener('abort', () => this.refuseAll(), { once: true });
  }

  /** Resolves when item `index` may start; rejects when the run stops first. */
  wait(index: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    const turn = new Promise<void>((resolve, reject) => this.waiting.set(index, { resolve, reject }));
    this.pump();
    return turn;
  }

  /** Item `index` has its result (it may never have waited here, e.g. a cache hit). */
  settled(index: number): void {
    this.running.delete(index);
    this.pass(index);
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      const next = this.frontier;
      const waiter = this.waiting.get(next);
      // The next item in order has not reached the gate yet (or was refused).
      if (!waiter) return;
      const dueIn = this.running.size === 0 ? 0 : this.lastReleaseAt + this.delayMs - this.clock.now();
      if (dueIn > 0) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, dueIn);
        return;
      }
      this.waiting.delete(next);
      this.running.add(next);
      this.lastReleaseAt = this.clock.now();
      this.pass(next);
      waiter.resolve();
    }
  }

  private pass(index: number): void {
    this.passed.add(index);
    while (this.passed.has(this.frontier)) this.frontier++;
  }

  private refuseAll(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiting.values()) waiter.reject(this.signal.reason);
    this.waiting.clear();
  }
}
