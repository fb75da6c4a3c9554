/**
 * A shared rate policy for calls to one provider. The scheduler calls
 * {@link RateLimiter.acquire} before each agent call (outside its concurrency
 * slot, so waiting for a grant does not count in the agent's duration), with
 * the call's estimated token count when the agent declares one; when the call
 * ends it reconciles the actual count through the returned {@link RatePermit}.
 * It calls {@link RateLimiter.pause} when an agent reports a provider rate
 * limit (`RateLimitedError` with `retryAfterMs`) and {@link RateLimiter.observe}
 * with the provider's `x-ratelimit-*` figures when the agent reports them.
 *
 * One instance may be shared by several dispatches to model one provider
 * quota. {@link tokenBucket} (requests only) and {@link rateLimit} (requests
 * and tokens per window) are the in-memory implementations; a distributed one
 * (e.g. on Redis) implements the same members and passes the same
 * conformance suite (`describeRateLimiterConformance` in `@flotilla/core/testing`).
 *
 * @example
 * ```ts
 * // One provider quota (5 requests/s) shared by every dispatch of the process.
 * const openai = tokenBucket({ requestsPerSecond: 5, burst: 10 });
 * await Promise.all([
 *   dispatch({ agent: summarize, inputs: tickets, rateLimiter: openai }),
 *   dispatch({ agent: classify, inputs: receipts, rateLimiter: openai }),
 * ]);
 * ```
 */
export interface RateLimiter {
  /**
   * Resolves once the caller may make one request weighing `tokens` (an
   * estimate, default 0; limiters that meter requests only ignore it).
   * Waiters are served in arrival order. If `signal` aborts first, the
   * promise rejects (with the signal's reason when it is a `FlotillaError`,
   * otherwise an `AbortedError`) and the waiter leaves the queue without
   * consuming anything.
   *
   * A limiter that meters tokens resolves to a `RatePermit` through
   * which the caller reconciles the actual count; one that does not may
   * resolve to `undefined`.
   */
  acquire(signal?: AbortSignal, tokens?: number): Promise<RatePermit | void>;
  /**
   * Grant nothing to anyone until `ms` milliseconds from now (a provider's
   * retry-after). Overlapping pauses extend to the latest end; a shorter pause
   * never cuts a longer one short.
   */
  pause(ms: number): void;
  /**
   * Correct the limiter's level to what the provider reports (the provider
   * is the truth when several clients share one key). Optional: limiters
   * without it simply ignore provider headers.
   */
  observe?(report: RateLimitReport): void;
}

/** What a token-metering {@link RateLimiter} grants: the handle to reconcile one request's tokens. */
export interface RatePermit {
  /**
   * Replace the estimate charged at `acquire` with the actual token count
   * (e.g. `usage.prompt_tokens + usage.completion_tokens`): unused tokens go
   * back to the window, extra tokens are charged to it. Only the first call
   * counts; later ones are ignored.
   *
   * @throws RangeError when `actualTokens` is not a finite number >= 0.
   */
  reconcile(actualTokens: number): void;
  /**
   * The request is being sent now (it may have waited for a concurrency slot
   * since the grant): count it in the window from now, as the provider will.
   * Optional; only the first call counts.
   */
  start?(): void;
}

/**
 * A provider's rate-limit figures at the time of one response, as sent in the
 * `x-ratelimit-*` headers (parse them with `rateLimitReport(headers)`). Every
 * field is optional; durations are milliseconds from when the response arrived.
 */
export interface RateLimitReport {
  /** `x-ratelimit-limit-requests`: requests allowed per window. */
  limitRequests?: number;
  /** `x-ratelimit-remaining-requests`: requests left in the current window. */
  remainingRequests?: number;
  /** `x-ratelimit-reset-requests`: milliseconds until the request quota is whole again. */
  resetRequestsMs?: number;
  /** `x-ratelimit-limit-tokens`: tokens allowed per window. */
  limitTokens?: number;
  /** `x-ratelimit-remaining-tokens`: tokens left in the current window. */
  remainingTokens?: number;
  /** `x-ratelimit-reset-tokens`: milliseconds until the token quota is whole again. */
  resetTokensMs?: number;
}

/**
 * What an agent reports about one call for the run's rate limiter
 * (`ctx.reportUsage`): the tokens it actually used and the provider's figures.
 */
export interface RateUsage {
  /** Tokens the call actually consumed (prompt + completion); 0 for a refused call. */
  tokens?: number;
  /** The provider's `x-ratelimit-*` figures from the response. */
  limits?: RateLimitReport;
}

/**
 * A {@link RateLimiter} that meters tokens: every grant is a
 * {@link RatePermit} and provider figures are always taken into account.
 * What {@link rateLimit} (in memory) and `redisRateLimit` (`@flotilla/redis`) return.
 */
export interface WeightedRateLimiter extends RateLimiter {
  /** As {@link RateLimiter.acquire}; always resolves to a permit to reconcile. */
  acquire(signal?: AbortSignal, tokens?: number): Promise<RatePermit>;
  /** As {@link RateLimiter.observe}. */
  observe(report: RateLimitReport): void;
}
