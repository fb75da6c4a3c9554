import type { Clock } from '../../src/util/clock.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

// A macrotask turn lets every pending promise continuation run, so code that
// awaits a timer-resolved promise sees the time at which the timer fired.
const setImmediateLike = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
const flush = (): Promise<void> =>
  new Promise((resolve) => (setImmediateLike ? setImmediateLike(resolve) : setTimeout(resolve, 0)));

/**
 * A {@link Clock} whose time moves only when a test says so. Timers fire in
 * order of due time (then of creation), with `now()` equal to their due time,
 * and pending promise continuations run after each one.
 */
export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.time + Math.max(0, ms || 0), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** How many timers are armed. */
  get pending(): number {
    return this.timers.size;
  }

  /** Due times of the armed timers, soonest first. */
  dueTimes(): number[] {
    return [...this.timers.values()].map((timer) => timer.due).sort((a, b) => a - b);
  }

  /** Let `ms` milliseconds pass, firing every timer that falls due meanwhile (including ones they arm). */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await flush();
    for (let timer = this.next(); timer && timer.due <= until; timer = this.next()) {
      await this.fire(timer);
    }
    this.time = Math.max(this.time, until);
    await flush();
  }

  /** Fire timers until none is left; throws after `limit` timers (a timer that re-arms forever). */
  async runAll(limit = 100_000): Promise<void> {
    await flush();
    for (let fired = 0, timer = this.next(); timer; timer = this.next()) {
      if (++fired > limit) throw new Error(`FakeClock.runAll: more than ${limit} timers fired; something re-arms forever`);
      await this.fire(timer);
    }
  }

  private next(): Timer | undefined {
    let soonest: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!soonest || timer.due < soonest.due || (timer.due === soonest.due && timer.id < soonest.id)) soonest = timer;
    }
    return soonest;
  }

  private async fire(timer: Timer): Promise<void> {
    this.timers.delete(timer.id);
    this.time = Math.max(this.time, timer.due);
    timer.fn();
    await flush();
  }
}
