import type { Clock } from '../util/clock.js';

/** Options of {@link rateLimit}. At least one of the two quotas is required. */
export interface RateLimitOptions {
  /** Most requests granted in any window of `windowMs`, an integer >= 1. */
  requestsPerMinute?: number;
  /** Most tokens (estimates, corrected by reconciliation) granted in any window of `windowMs`, an integer >= 1. */
  tokensPerMinute?: number;
  /**
   * Length of the window the quotas apply to, in milliseconds (default
   * 60 000, a minute). Shorter values compress time for tests and benchmarks.
   */
  windowMs?: number;
  /**
   * How much longer than `windowMs` a grant keeps counting, in milliseconds
   * (default: 1% of `windowMs`, at most 1000). The provider counts a request
   * when it arrives, a little after the grant (network, queueing); without a
   * margin, a grant made just as an old one leaves this window can reach the
   * provider while the old one is still in its window, and be answered 429.
   */
  marginMs?: number;
  /** Time source (default {@link systemClock}); inject a fake one in tests. */
  clock?: Clock;
}

/** Defaults of {@link rateLimit}: the window, and the margin as a share of it with its cap. */
export const RATE_LIMIT_DEFAULTS = {
  /** The window quotas are counted over, in milliseconds (a minute). */
  windowMs: 60_000,
  /** The default margin as a share of the window. */
  marginShare: 0.01,
  /** The largest default margin, in milliseconds. */
  maxMarginMs: 1000,
} as const;

/** The margin {@link rateLimit} uses for a window of `windowMs` when none is given, in milliseconds. */
export function defaultMarginMs(windowMs: number): number {
  return Math.min(RATE_LIMIT_DEFAULTS.maxMarginMs, windowMs * RATE_LIMIT_DEFAULTS.marginShare);
}

/** Validated quotas and window of a {@link RateLimitOptions}: unmetered quotas are `Infinity`. */
export interface RateLimitShape {
  requestQuota: number;
  tokenQuota: number;
  windowMs: number;
  /** How long a grant counts: the window plus the margin. */
  holdMs: number;
}

/**
 * Check the quotas, window and margin of `options`.
 *
 * @throws RangeError when neither quota is given, or a quota is not an
 *   integer >= 1, or `windowMs` is not a finite number > 0, or `marginMs` not
 *   a finite number >= 0.
 */
export function rateLimitShape({ requestsPerMinute, tokensPerMinute, windowMs = RATE_LIMIT_DEFAULTS.windowMs, marginMs }: RateLimitOptions): RateLimitShape {
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) {
    throw new RangeError('rateLimit needs requestsPerMinute, tokensPerMinute or both');
  }
  for (const [name, value] of [['requestsPerMinute', requestsPerMinute], ['tokensPerMinute', tokensPerMinute]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
    }
  }
  if (!(typeof windowMs === 'number' && Number.isFinite(windowMs) && windowMs > 0)) {
    throw new RangeError(`windowMs must be a finite number of milliseconds > 0, got ${String(windowMs)}`);
  }
  const margin = marginMs ?? defaultMarginMs(windowMs);
  if (!(typeof margin === 'number' && Number.isFinite(margin) && margin >= 0)) {
    throw new RangeError(`marginMs must be a finite number of milliseconds >= 0, got ${String(marginMs)}`);
  }
  return { requestQuota: requestsPerMinute ?? Infinity, tokenQuota: tokensPerMinute ?? Infinity, windowMs, holdMs: windowMs + margin };
}
