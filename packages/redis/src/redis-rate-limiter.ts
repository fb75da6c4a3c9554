import { abortError, sleep, type RateLimiter } from '@flotilla/core';
import { whenAborted } from '@flotilla/core/internal';
import type { Redis } from 'ioredis';
import { redisFailure } from './errors.js';
import { PAUSE, TAKE } from './rate-limiter-scripts.js';
import { hashTag } from './redis-script.js';

/** Options of {@link redisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** An ioredis client. The limiter never closes it. */
  redis: Redis;
  /** Name of the shared quota, e.g. `'flotilla:rate:openai'`. Every process using the same key shares one bucket. */
  key: string;
  /** Sustained rate for all processes together: tokens added per second (a finite number > 0). */
  requestsPerSecond: number;
  /** Bucket size: requests that may go at once after an idle spell (an integer >= 1, default 1). */
  burst?: number;
  /** Called when a fire-and-forget `pause` could not reach Redis (the pause then holds in this process only). */
  onError?: (error: Error) => void;
}

/** A grant as Redis timed it; what {@link RedisRateLimiter.acquireAt} resolves to. */
export interface RateGrant {
  /** When the token was taken, on the Redis server's clock, in milliseconds since the epoch. */
  grantedAt: number;
}

/** A core `RateLimiter` on Redis, with the grant time exposed for measurements. */
export interface RedisRateLimiter extends RateLimiter {
  /** Like `acquire`, and says when Redis granted the token (server clock). */
  acquireAt(signal?: AbortSignal): Promise<RateGrant>;
}

interface Waiter {
  signal: AbortSignal | undefined;
  resolve(grant: RateGrant): void;
  reject(error: unknown): void;
  /** Cancels the abort callback (one listener per signal however many wait on it). */
  unwatch: (() => void) | undefined;
}

/**
 * One token bucket in Redis shared by every process (and machine) that uses
 * the same `key`: at most `burst + requestsPerSecond x t` requests start in
 * any window of `t` seconds, all processes together. The bucket lives in one
 * hash, hash-tagged (`{key}`) for Redis Cluster, updated by one Lua script on
 * the server's clock.
 *
 * Waiting never polls blindly: each process queues its callers first come,
 * first served, and only the head asks Redis; when no token is there, the
 * script says exactly when the next one is due and the head sleeps that long
 * (abortably) before asking again. Processes compete for a token only when
 * it is due, so Redis sees about one call per grant per waiting process.
 * Order between processes is not first come, first served.
 *
 * `pause(ms)` (a provider's retry-after) holds back every process: it is
 * written to Redis in the background and honoured locally at once.
 *
 * @throws RangeError for `requestsPerSecond` not a finite number > 0 or `burst` not an integer >= 1.
 * @example
 * const limiter = redisRateLimiter({ redis, key: 'flotilla:rate:openai', requestsPerSecond: 50, burst: 10 });
 * await dispatch({ agent, inputs, rateLimiter: limiter }); // 50 req/s across every worker
 */
export function redisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { redis, key, requestsPerSecond, burst = 1 } = options;
  if (!(typeof requestsPerSecond === 'number' && Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
    throw new RangeError(`requestsPerSecond must be a finite number > 0, got ${String(requestsPerSecond)}`);
  }
  if (!(Number.isInteger(burst) && burst >= 1)) throw new RangeError(`burst must be an integer >= 1, got ${String(burst)}`);
  const keys = [`${hashTag(key)}:bucket`];
  const args = [requestsPerSecond / 1000, burst];
  const waiters: Waiter[] = [];
  let serving = false;
  let localPauseUntil = 0;

  const take = async (): Promise<{ waitMs: number; grantedAt: number }> => {
    try {
      const [wait, now] = (await TAKE.run(redis, keys, args)) as [string, string];
      return { waitMs: Number(wait), grantedAt: Number(now) };
    } catch (error) {
      throw redisFailure(`redisRateLimiter "${key}"`, error, 'no request was granted');
    }
  };

  /** Take `waiter` out of the queue; `false` when it already left. */
  const leave = (waiter: Waiter): boolean => {
    const at = waiters.indexOf(waiter);
    if (at === -1) return false;
    waiters.splice(at, 1);
    waiter.unwatch?.();
    return true;
  };
  const fail = (waiter: Waiter, error: unknown) => {
    if (leave(waiter)) waiter.reject(error);
  };

  /** Serve the queue head by head; one loop per process at a time. */
  const serve = async () => {
    if (serving) return;
    serving = true;
    try {
      while (waiters.length > 0) {
        const head = waiters[0]!;
        const pausedFor = localPauseUntil - Date.now();
        let waitMs: number;
        let grantedAt = 0;
        if (pausedFor > 0) {
          waitMs = pausedFor;
        } else {
          try {
            ({ waitMs, grantedAt } = await take());
          } catch (error) {
            fail(head, error);
            continue;
          }
        }
        if (waitMs <= 0) {
          // If the head aborted while Redis granted it, the token passes to the next in line.
          const taker = waiters.includes(head) ? head : waiters[0];
          if (taker && leave(taker)) taker.resolve({ grantedAt });
          continue;
        }
        // Whole milliseconds, at least one: the token is due then, not before.
        // An abort rejects the head through its listener; the next head goes on.
        await sleep(Math.max(1, Math.ceil(waitMs)), { signal: head.signal }).catch(() => undefined);
      }
    } finally {
      serving = false;
    }
  };

  const acquireAt = (signal?: AbortSignal): Promise<RateGrant> => {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<RateGrant>((resolve, reject) => {
      const waiter: Waiter = { signal, resolve, reject, unwatch: undefined };
      if (signal) waiter.unwatch = whenAborted(signal, () => fail(waiter, abortError(signal)));
      waiters.push(waiter);
      void serve();
    });
  };

  return {
    acquireAt,
    async acquire(signal) {
      await acquireAt(signal);
    },
    pause(ms) {
      if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
        throw new RangeError(`pause expects a finite number of milliseconds >= 0, got ${String(ms)}`);
      }
      localPauseUntil = Math.max(localPauseUntil, Date.now() + ms);
      PAUSE.run(redis, keys, [...args, ms]).catch((error: unknown) =>
        options.onError?.(redisFailure(`redisRateLimiter "${key}" pause`, error, 'the pause holds in this process only')),
      );
    },
  };
}
