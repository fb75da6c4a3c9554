/**
 * A shared request-rate policy. The scheduler calls {@link RateLimiter.acquire}
 * before each agent call (outside its concurrency slot, so waiting for a token
 * does not count in the agent's duration) and {@link RateLimiter.pause} when an
 * agent reports a provider rate limit (`RateLimitedError` with `retryAfterMs`).
 *
 * One instance may be shared by several dispatches to model one provider
 * quota. {@link tokenBucket} is the in-memory implementation; a distributed one
 * (e.g. on Redis) implements the same two members.
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
   * Resolves once the caller may make one request. Waiters are served in
   * arrival order. If `signal` aborts first, the promise rejects (with the
   * signal's reason when it is a `FlotillaError`, otherwise an `AbortedError`)
   * and the waiter leaves the queue without consuming a token.
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /**
   * Grant nothing to anyone until `ms` milliseconds from now (a provider's
   * retry-after). Overlapping pauses extend to the latest end; a shorter pause
   * never cuts a longer one short.
   */
  pause(ms: number): void;
}
