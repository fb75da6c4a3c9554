import { randomUUID } from 'node:crypto';
import { abortError, defaultMarginMs, sleep, type RateLimitReport, type RatePermit, type WeightedRateLimiter } from '@flotilla/core';
import { whenAborted } from '@flotilla/core/internal';
import type { Redis } from 'ioredis';
import { redisFailure } from './errors.js';
import { hashTag } from './redis-script.js';
import { OBSERVE, PAUSE_WEIGHTED, RECONCILE, RELEASE, START, TAKE_WEIGHTED } from './weighted-rate-scripts.js';

/** Options of {@link redisRateLimit}. At least one of the two quotas is required. */
export interface RedisRateLimitOptions {
  /** An ioredis client. The limiter never closes it. */
  redis: Redis;
  /** Name of the shared quota, e.g. `'flotilla:tpm:openai'`. Every process using the same key shares one window. */
  key: string;
  /** Most requests granted in any window of `windowMs`, all processes together (an integer >= 1). */
  requestsPerMinute?: number;
  /** Most tokens granted in any window of `windowMs`, all processes together (an integer >= 1). */
  tokensPerMinute?: number;
  /** The window, in milliseconds (default 60 000). Every process must use the same quotas and window. */
  windowMs?: number;
  /** How much longer than `windowMs` a grant keeps counting, in milliseconds (default as core's `rateLimit`: 1% of the window, at most 1000). */
  marginMs?: number;
  /** Called when a fire-and-forget update (reconcile, pause, observe) could not reach Redis. */
  onError?: (error: Error) => void;
}

/** A grant of {@link redisRateLimit}: a core `RatePermit` that also says when Redis granted it. */
export interface RedisRatePermit extends RatePermit {
  /** When the request was granted, on the Redis server's clock, in milliseconds since the epoch. */
  readonly grantedAt: number;
}

/** What {@link redisRateLimit} returns: a core `WeightedRateLimiter` whose permits carry the grant time. */
export interface RedisRateLimit extends WeightedRateLimiter {
  /** As `WeightedRateLimiter.acquire`; the permit says when Redis granted it. */
  acquire(signal?: AbortSignal, tokens?: number): Promise<RedisRatePermit>;
}

interface Waiter {
  tokens: number;
  signal: AbortSignal | undefined;
  resolve(permit: RedisRatePermit): void;
  reject(error: unknown): void;
  /** Cancels the abort callback (one listener per signal however many wait on it). */
  unwatch: (() => void) | undefined;
}

/**
 * Core's weighted sliding-window limiter (`rateLimit`: requests and tokens
 * per window, reconciliation, provider feedback) shared through Redis by
 * every process (and machine) that uses the same `key`. The window lives in
 * three hash-tagged keys (`{key}:grants`, `{key}:tokens`, `{key}:state`, one
 * Redis Cluster slot), changed only by Lua scripts on the server's clock, so
 * no interleaving of processes can admit more than the quotas in any window.
 * Keys expire once the window is idle.
 *
 * Each process serves its callers first come, first served; only the head
 * asks Redis, and when the request does not fit, the script says exactly when
 * it will (from the window's expiries) and the head sleeps that long. A local
 * reconcile, observe or pause wakes the head to ask again at once; another
 * process's reconcile is seen at the computed time at the latest. Order
 * between processes is not first come, first served.
 *
 * @throws RangeError when neither quota is given, a quota is not an integer
 *   >= 1 or `windowMs` is not a finite number > 0.
 * @example
 * const limiter = redisRateLimit({ redis, key: 'flotilla:openai', requestsPerMinute: 500, tokensPerMinute: 200_000 });
 * await dispatch({ agent, inputs, rateLimiter: limiter }); // one quota across every worker
 */
export function redisRateLimit(options: RedisRateLimitOptions): RedisRateLimit {
  const { redis, key, requestsPerMinute, tokensPerMinute, windowMs = 60_000 } = options;
  if (requestsPerMinute === undefined && tokensPerMinute === undefined) {
    throw new RangeError('redisRateLimit needs requestsPerMinute, tokensPerMinute or both');
  }
  for (const [name, value] of [['requestsPerMinute', requestsPerMinute], ['tokensPerMinute', tokensPerMinute]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
  }
  if (!(typeof windowMs === 'number' && Number.isFinite(windowMs) && windowMs > 0)) {
    throw new RangeError(`windowMs must be a finite number of milliseconds > 0, got ${String(windowMs)}`);
  }
  const marginMs = options.marginMs ?? defaultMarginMs(windowMs);
  if (!(typeof marginMs === 'number' && Number.isFinite(marginMs) && marginMs >= 0)) {
    throw new RangeError(`marginMs must be a finite number of milliseconds >= 0, got ${String(options.marginMs)}`);
  }
  const tag = hashTag(key);
  const keys = [`${tag}:grants`, `${tag}:tokens`, `${tag}:state`];
  // The scripts hold each grant for the window plus the margin.
  const base = [requestsPerMinute ?? 0, tokensPerMinute ?? 0, windowMs + marginMs];
  const owner = randomUUID();
  let nextId = 0;
  const waiters: Waiter[] = [];
  let serving = false;
  let localPauseUntil = 0;
  // Aborted to cut the head's sleep short when something here changed the window.
  let nudge = new AbortController();

  // Updates sent from here, so the head's next ask sees them: a script's first
  // use (NOSCRIPT, then EVAL) could otherwise land after a later EVALSHA.
  let writes: Promise<unknown> = Promise.resolve();
  const background = (what: string, work: Promise<unknown>, consequence: string) => {
    const done = work.then(wakeHead, (error: unknown) => options.onError?.(redisFailure(`redisRateLimit "${key}" ${what}`, error, consequence)));
    writes = Promise.all([writes, done]).then(() => undefined);
    return done;
  };

  function wakeHead(): void {
    nudge.abort();
    nudge = new AbortController();
  }

  const permitFor = (id: string, grantedAt: number, tokens: number): RedisRatePermit => {
    let reconciled = false;
    let started = false;
    return {
      grantedAt,
      start() {
        if (started || reconciled) return;
        started = true;
        void background('start', START.run(redis, keys, [...base, id, tokens]), 'the grant counts from when it was granted');
      },
      reconcile(actualTokens) {
        if (!(typeof actualTokens === 'number' && Number.isFinite(actualTokens) && actualTokens >= 0)) {
          throw new RangeError(`reconcile expects a finite token count >= 0, got ${String(actualTokens)}`);
        }
        if (reconciled) return;
        reconciled = true;
        void background('reconcile', RECONCILE.run(redis, keys, [...base, id, actualTokens]), 'the estimate stays charged');
      },
    };
  };

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

  const serve = async () => {
    if (serving) return;
    serving = true;
    try {
      while (waiters.length > 0) {
        const head = waiters[0]!;
        const pausedFor = localPauseUntil - Date.now();
        let waitMs = pausedFor;
        let grantedAt = 0;
        const id = `${owner}:${nextId++}`;
        if (pausedFor <= 0) {
          await writes;
          try {
            const [wait, now] = (await TAKE_WEIGHTED.run(redis, keys, [...base, head.tokens, id])) as [string, string];
            waitMs = Number(wait);
            grantedAt = Number(now);
          } catch (error) {
            fail(head, redisFailure(`redisRateLimit "${key}"`, error, 'no request was granted'));
            continue;
          }
        }
        if (waitMs <= 0) {
          if (leave(head)) head.resolve(permitFor(id, grantedAt, head.tokens));
          // The head aborted while Redis granted it: give the grant back.
          else void background('release', RELEASE.run(redis, keys, [...base, id]), 'the grant stays charged');
          continue;
        }
        // The head left (aborted) while Redis answered: serve the next one now.
        if (!waiters.includes(head)) continue;
        // Wake early on the head's abort or on a local change (listeners removed after, so none pile up).
        const wake = new AbortController();
        const onWake = () => wake.abort();
        const nudged = nudge.signal;
        nudged.addEventListener('abort', onWake, { once: true });
        const unwatch = head.signal ? whenAborted(head.signal, onWake) : undefined;
        await sleep(Math.max(1, Math.ceil(waitMs)), { signal: wake.signal }).catch(() => undefined);
        nudged.removeEventListener('abort', onWake);
        unwatch?.();
      }
    } finally {
      serving = false;
    }
  };

  return {
    acquire(signal, tokens = 0) {
      if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
        return Promise.reject(new RangeError(`acquire expects a finite token estimate >= 0, got ${String(tokens)}`));
      }
      if (signal?.aborted) return Promise.reject(abortError(signal));
      return new Promise<RedisRatePermit>((resolve, reject) => {
        const waiter: Waiter = { tokens, signal, resolve, reject, unwatch: undefined };
        if (signal) waiter.unwatch = whenAborted(signal, () => fail(waiter, abortError(signal)));
        waiters.push(waiter);
        void serve();
      });
    },
    pause(ms) {
      if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
        throw new RangeError(`pause expects a finite number of milliseconds >= 0, got ${String(ms)}`);
      }
      localPauseUntil = Math.max(localPauseUntil, Date.now() + ms);
      void background('pause', PAUSE_WEIGHTED.run(redis, keys, [...base, ms]), 'the pause holds in this process only');
    },
    observe(report: RateLimitReport) {
      const figure = (value: number | undefined) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : '');
      const args = [
        figure(report.limitRequests),
        figure(report.remainingRequests),
        figure(report.resetRequestsMs),
        figure(report.limitTokens),
        figure(report.remainingTokens),
        figure(report.resetTokensMs),
      ];
      void background('observe', OBSERVE.run(redis, keys, [...base, ...args]), 'the provider figures were not applied');
    },
  };
}
