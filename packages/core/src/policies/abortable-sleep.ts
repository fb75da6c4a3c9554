import { systemClock, type Clock } from '../util/clock.js';
import { AbortedError, FlotillaError } from '../errors.js';

/** Options of {@link sleep}. */
export interface SleepOptions {
  /** Cancels the wait: the promise rejects at once and the timer is cleared. */
  signal?: AbortSignal;
  /** Time source (default {@link systemClock}); inject a fake one in tests. */
  clock?: Clock;
}

/**
 * Wait `ms` milliseconds, or less if `signal` aborts first. An abort rejects
 * promptly with `abortError` and clears the timer, so nothing is left
 * armed. `ms <= 0` still waits for one timer turn.
 *
 * @example
 * await sleep(250, { signal: ctx.signal }); // rejects if the run is cancelled
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal, clock = systemClock } = options;
  if (!(typeof ms === 'number' && !Number.isNaN(ms))) {
    return Promise.reject(new RangeError(`sleep expects a number of milliseconds, got ${String(ms)}`));
  }
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The error a policy rejects with when `signal` aborts a wait. A
 * {@link FlotillaError} reason is passed through, so a run's stop (deadline,
 * failure rate, ...) keeps its own code; any other reason, including the
 * runtime's default `AbortError`, becomes an {@link AbortedError} whose
 * `cause` is the original reason.
 */
export function abortError(signal: AbortSignal): FlotillaError {
  const reason: unknown = signal.reason;
  if (FlotillaError.isInstance(reason)) return reason;
  const error = new AbortedError('the wait was aborted by its signal');
  if (reason !== undefined) error.cause = reason;
  return error;
}
