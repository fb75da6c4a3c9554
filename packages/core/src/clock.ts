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

/** The runtime's own clock (works in Node, browsers and Workers). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
