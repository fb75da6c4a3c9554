import { describeValue } from '../util/describe-value.js';
import { FlotillaError, InvalidOptionsError } from '../errors.js';

/**
 * How a failed agent call is retried.
 *
 * @example
 * // up to 3 attempts in all; waits up to 200 ms, then up to 400 ms
 * const retry: RetryOptions = { attempts: 3, baseDelayMs: 200 };
 */
export interface RetryOptions {
  /** Total attempts including the first, an integer >= 1 (1 means no retry). */
  attempts: number;
  /** Backoff cap of the first retry, in milliseconds (default 100); doubles per attempt. */
  baseDelayMs?: number;
  /** Largest backoff cap, in milliseconds (default 10 000). A provider's retry-after may exceed it. */
  maxDelayMs?: number;
  /**
   * Decide which errors are worth retrying; overrides the default, which
   * retries only errors marked retryable (timeouts, rate limits, `AgentError`
   * with `retryable: true`). Receives the value the agent threw.
   */
  retryOn?: (error: unknown) => boolean;
  /** Source of jitter, numbers in [0, 1) (default `Math.random`); pass a seeded one for repeatable runs. */
  random?: () => number;
}

/** Defaults of the optional {@link RetryOptions}, in one place. */
export const RETRY_DEFAULTS = Object.freeze({
  /** Backoff cap of the first retry, in milliseconds. */
  baseDelayMs: 100,
  /** Largest backoff cap, in milliseconds. */
  maxDelayMs: 10_000,
});

/**
 * Check `options` and fill in the defaults.
 *
 * @throws InvalidOptionsError when `attempts` is not an integer >= 1 or a delay is not a finite number >= 0.
 */
export function resolveRetry(options: RetryOptions): Required<Omit<RetryOptions, 'retryOn' | 'random'>> & Pick<RetryOptions, 'retryOn' | 'random'> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError(`retry must be an object such as { attempts: 3 }, got ${describeValue(options)}`);
  }
  const resolved = {
    attempts: options.attempts,
    baseDelayMs: options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    retryOn: options.retryOn,
    random: options.random,
  };
  if (!(Number.isInteger(resolved.attempts) && resolved.attempts >= 1)) {
    throw new InvalidOptionsError(`retry.attempts must be an integer >= 1 (attempts in all, including the first), got ${describeValue(resolved.attempts)}`);
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = resolved[name];
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new InvalidOptionsError(`retry.${name} must be a number of milliseconds (finite, >= 0), got ${describeValue(value)}`);
    }
  }
  if (resolved.retryOn !== undefined && typeof resolved.retryOn !== 'function') {
    throw new InvalidOptionsError(`retry.retryOn must be a function (error) => boolean, got ${describeValue(resolved.retryOn)}`);
  }
  if (resolved.random !== undefined && typeof resolved.random !== 'function') {
    throw new InvalidOptionsError(`retry.random must be a function returning a number in [0, 1), got ${describeValue(resolved.random)}`);
  }
  return resolved;
}

/**
 * How long to wait after failed attempt number `attempt` (1 for the first),
 * in milliseconds: exponential backoff with full jitter,
 * `random() x min(maxDelayMs, baseDelayMs x 2^(attempt - 1))`, and never less
 * than `retryAfterMs` when the error carried one.
 *
 * @param random a source of numbers in [0, 1) (default `options.random`, else
 *   `Math.random`); pass a seeded one in tests.
 * @example
 * retryDelay(3, { attempts: 5 }); // somewhere in [0, 400) ms
 */
export function retryDelay(
  attempt: number,
  options: RetryOptions,
  random: (() => number) | undefined = options.random,
  retryAfterMs?: number,
): number {
  if (!(Number.isInteger(attempt) && attempt >= 1)) throw new RangeError(`attempt must be an integer >= 1, got ${String(attempt)}`);
  const { baseDelayMs, maxDelayMs } = resolveRetry(options);
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  const jittered = (random ?? Math.random)() * cap;
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}

/**
 * Whether `error` is worth another attempt: `options.retryOn(error)` when
 * given, otherwise `true` only for a {@link FlotillaError} marked `retryable`
 * (a timeout, a rate limit, an `AgentError` with `retryable: true`).
 *
 * @example
 * ```ts
 * isRetryable(new TimeoutError('agent took over 30000 ms'));        // true
 * isRetryable(new RateLimitedError('429', { retryAfterMs: 1_000 })); // true
 * isRetryable(new Error('bad request'));                             // false
 * isRetryable(new Error('ECONNRESET'), { retryOn: (error) => /ECONNRESET/.test(String(error)) }); // true
 * ```
 */
export function isRetryable(error: unknown, options: Pick<RetryOptions, 'retryOn'> = {}): boolean {
  if (options.retryOn) return options.retryOn(error);
  return FlotillaError.isInstance(error) && error.retryable;
}

/**
 * The wait a failure asked for, in milliseconds: the `retryAfterMs` of a
 * `RateLimitedError` or `AgentError` (or any error with a finite
 * `retryAfterMs >= 0`), else `undefined`.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const ms = error.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * The scheduler's one question after attempt number `attempt` failed with
 * `error`: how long to wait before the next attempt, in milliseconds, or
 * `undefined` when there is no next attempt (attempts used up, or the error
 * is not retryable).
 *
 * @example
 * const wait = nextRetryDelay(error, attempt, retry);
 * if (wait === undefined) return failure;
 * await sleep(wait, { signal, clock });
 */
export function nextRetryDelay(error: unknown, attempt: number, options: RetryOptions, random = options.random): number | undefined {
  if (attempt >= options.attempts || !isRetryable(error, options)) return undefined;
  return retryDelay(attempt, options, random, retryAfterOf(error));
}
