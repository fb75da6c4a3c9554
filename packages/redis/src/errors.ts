import { FlotillaError } from '@flotilla/core';

/**
 * A Redis command behind a shared policy (ledger, rate limiter, cache,
 * circuit breaker, queue) could not run: the server is down, unreachable, or
 * the connection dropped. Nothing was reserved or granted by the failed call.
 * Retryable once Redis is back.
 */
export class RedisUnavailableError extends FlotillaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('redis_unavailable', message, { retryable: true, cause: options.cause });
  }
}

/**
 * Wrap whatever a Redis call threw into a {@link RedisUnavailableError} whose
 * message names the policy, says what did not happen, and what to do.
 */
export function redisFailure(what: string, error: unknown, consequence: string): RedisUnavailableError {
  if (error instanceof RedisUnavailableError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RedisUnavailableError(
    `${what}: Redis did not answer (${reason}); ${consequence}. Check that Redis is running and reachable (redis-cli ping), then retry`,
    { cause: error },
  );
}
