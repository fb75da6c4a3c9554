/**
 * The time source every Flotilla policy reads. Inject a fake one in tests;
 * the default uses the runtime's timers and `performance.now()`.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  /** Schedule `fn` after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancel a timer made by {@link Clock.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

// Timers hold a signed 32-bit delay; beyond it, Node, browsers and Workers
// fire after about 1 ms instead, which would trip a far deadline at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The runtime's own clock (works in Node, browsers and Workers). Delays
 * beyond 2^31 - 1 ms (about 24.8 days, the most a timer can hold) are
 * capped there, so `Infinity` or a year means "not in this run's lifetime".
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(ms, MAX_TIMER_MS)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
