import type { Agent, Cache, CircuitBreaker, CircuitBreakerRegistry, GuardOptions, Ledger, RateLimiter, RetryOptions } from '@flotilla/core';
import type { RedisOptions } from 'ioredis';

/** Options of {@link createWorker}. */
export interface DispatchWorkerOptions {
  /** Where Redis is, e.g. `{ host: '127.0.0.1', port: 6379 }`. The worker opens its own connections. */
  connection: RedisOptions;
  /** The queue's name; the same as the producer's {@link createDispatchQueue}. */
  name: string;
  /** The agents this worker can run, by the name producers refer to them with. */
  agents: Record<string, Agent<any, any>>;
  /** A shared budget (e.g. {@link redisLedger}) for every run; without one, a run's `limits.maxTotalCostUsd` gets a per-run Redis ledger. */
  ledger?: Ledger;
  /** A shared rate limiter (e.g. `redisRateLimiter`) for every agent call. */
  limiter?: RateLimiter;
  /** A shared cache (e.g. `redisCache`): a finished item is never paid for again, even when its job is retried. */
  cache?: Cache;
  /** A circuit breaker (e.g. `redisCircuitBreaker`) or registry. */
  circuit?: CircuitBreaker | CircuitBreakerRegistry;
  /** Retries of retryable agent failures inside one job (core's retry policy). */
  retry?: RetryOptions;
  /** Prompt-injection and PII guards, as in core's dispatch. */
  guards?: GuardOptions;
  /** Jobs this worker runs at once (default 1). */
  concurrency?: number;
  /**
   * How long a job stays claimed by a worker that stopped renewing its lock
   * (a killed worker), in milliseconds (default 30 000). After it, the job is
   * retried elsewhere.
   */
  lockDurationMs?: number;
  /**
   * How long the shared cache's `lead()` lock of an item outlives a worker
   * that stopped renewing it, in milliseconds (default `2 x lockDurationMs`).
   * A worker cut off from Redis (a partition) whose agent finished meanwhile
   * stores its result when the partition heals; a worker that takes the job
   * over waits on this lock, so a partition (plus reconnecting) shorter than
   * two thirds of `leadLockMs` (the lock is renewed every third) never pays
   * for an item twice. The price: an item of a killed worker runs again
   * elsewhere only after this span.
   */
  leadLockMs?: number;
  /** How often workers look for jobs of dead workers, in milliseconds (default 30 000). */
  stalledIntervalMs?: number;
  /** How many times a job may lose its worker before it fails (default 3). */
  maxStalledCount?: number;
  /**
   * How long this worker may go without an answer from Redis before it
   * aborts its running agents and hands their jobs back, in milliseconds
   * (default `lockDurationMs / 4`). Shorter than the job lock on purpose: a
   * partitioned worker stops its agents before another worker can take their
   * jobs over, so an item is not paid for twice.
   */
  unavailableAfterMs?: number;
  /** How often the worker asks Redis who it is (restart and outage detection), in milliseconds (default `min(1000, lockDurationMs / 8)`). */
  stateCheckMs?: number;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
}
