import { errorBrand, FlotillaError } from '@flotilla/core';

// Each class has a brand (`Symbol.for('flotilla.error.<Name>')`), so core's
// `isInstance` recognises errors from another copy of this package (two
// bundles, a dependency installed twice), where `instanceof` would not.

/**
 * A Redis command behind a shared policy (ledger, rate limiter, cache,
 * circuit breaker, queue) could not run: the server is down, unreachable,
 * paused, or the connection dropped. Nothing was reserved or granted by the
 * failed call. Code `redis_unavailable`; retryable once Redis is back.
 */
export class RedisUnavailableError extends FlotillaError {
  /** This class's brand, for `isInstance`. */
  static override readonly brand: symbol = errorBrand('RedisUnavailableError');

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('redis_unavailable', message, { retryable: true, cause: options.cause });
    this.name = 'RedisUnavailableError';
  }

}

/**
 * Redis came back without the state a run or ledger had written (it
 * restarted empty, or from a snapshot older than the run): the run's
 * record, its jobs, its stops or a ledger's totals are gone. Code
 * `redis_state_lost`; not retryable as is: spend recorded in the lost state
 * is unknown, so check the provider's bill, enable AOF, and dispatch again.
 */
export class RedisStateLostError extends FlotillaError {
  /** This class's brand, for `isInstance`. */
  static override readonly brand: symbol = errorBrand('RedisStateLostError');
  /** What was lost, e.g. `'run 3f2c… record and jobs'` or `'ledger "flotilla:budget" totals'`. */
  readonly lost: string;

  constructor(lost: string, message: string, options: { cause?: unknown } = {}) {
    super('redis_state_lost', message, { retryable: false, cause: options.cause });
    this.lost = lost;
    this.name = 'RedisStateLostError';
  }

}

/**
 * A budgeted run was refused before it started because Redis cannot keep
 * spend across a restart (no AOF: `appendonly no`), and the caller did not
 * opt in with `durability: 'volatile'`. Code `redis_not_durable`.
 */
export class RedisNotDurableError extends FlotillaError {
  /** This class's brand, for `isInstance`. */
  static override readonly brand: symbol = errorBrand('RedisNotDurableError');

  constructor(message: string) {
    super('redis_not_durable', message, { retryable: false });
    this.name = 'RedisNotDurableError';
  }

}

/**
 * Wrap whatever a Redis call threw into a {@link RedisUnavailableError} whose
 * message names the policy, says what did not happen, and what to do.
 * Typed Redis errors (unavailable, state lost) pass through unchanged.
 */
export function redisFailure(what: string, error: unknown, consequence: string): RedisUnavailableError | RedisStateLostError {
  if (RedisUnavailableError.isInstance(error) || RedisStateLostError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RedisUnavailableError(
    `${what}: Redis did not answer (${reason}); ${consequence}. Check that Redis is running and reachable (redis-cli ping), then retry`,
    { cause: error },
  );
}
