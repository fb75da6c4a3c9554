/**
 * Time for the rate-limiter conformance suite: a fake clock the suite moves
 * itself, and one way to drive time for fake-clock and real-time backends.
 */
import type { Clock } from '../util/clock.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** A clock that moves only when the suite says so; timers fire in due order. */
export class SuiteClock implements Clock {
  private time = 1_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();
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
  get pending(): number {
    return this.timers.size;
  }
  /** Fire the soonest timer (moving time to it); `false` when none is armed. */
  step(): boolean {
    let soonest: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (!soonest || timer.due < soonest.due || (timer.due === soonest.due && timer.id < soonest.id)) soonest = timer;
    }
    if (!soonest) return false;
    this.timers.delete(soonest.id);
    this.time = Math.max(this.time, soonest.due);
    soonest.fn();
    return true;
  }
  advanceTo(until: number): void {
    this.time = Math.max(this.time, until);
  }
  dueTimes(): number[] {
    return [...this.timers.values()].map((timer) => timer.due);
  }
}

export const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Drives time the same way for fake-clock and real-time backends. */
export interface TimeDriver {
  readonly exact: boolean;
  readonly windowMs: number;
  now(): number;
  /** Let `ms` pass. */
  advance(ms: number): Promise<void>;
  /** Let time pass until `promise` settles. */
  until<T>(promise: Promise<T>): Promise<T>;
}

export function fakeDriver(clock: SuiteClock, windowMs: number): TimeDriver {
  return {
    exact: true,
    windowMs,
    now: () => clock.now(),
    async advance(ms) {
      const until = clock.now() + ms;
      await turn();
      for (;;) {
        const due = Math.min(...clock.dueTimes());
        if (!(due <= until)) break;
        clock.step();
        await turn();
      }
      clock.advanceTo(until);
      await turn();
    },
    async until(promise) {
      let settled = false;
      const watched = promise.finally(() => void (settled = true));
      watched.catch(() => undefined);
      await turn();
      for (let fired = 0; !settled; fired++) {
        if (fired > 10_000 || !clock.step()) throw new Error('the limiter never granted: no timer is armed for the waiting request');
        await turn();
      }
      return watched;
    },
  };
}

export function realDriver(windowMs: number): TimeDriver {
  return {
    exact: false,
    windowMs,
    now: () => performance.now(),
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    until: (promise) => promise,
  };
}

/** Track whether a promise has settled, without awaiting it. */
export function watch<T>(promise: Promise<T>): { promise: Promise<T>; readonly done: boolean } {
  const state = { promise, done: false };
  promise.then(
    () => void (state.done = true),
    () => void (state.done = true),
  );
  return state;
}
