import { randomUUID } from 'node:crypto';
import { abortError, defaultMarginMs, sleep, type RateLimitReport, type RatePermit, type WeightedRateLimiter } from '@flotilla/core';
import { whenAborted } from '@flotilla/core/internal';
import type { Redis } from 'ioredis';
import { redisFailure } from './errors.js';
import { hashTag } from './redis-script.js';
import { OBSERVE, PAUSE_WEIGHTED, RECONCILE, RELEASE, START, TAKE_WEIGHTED, UNCLAIM } from './weighted-rate-scripts.js';

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

/** Most callers one ask of Redis may grant. */
const MAX_BATCH = 64;

interface Waiter {
  tokens: number;
  /** When it queued (`Date.now()`): its place among the callers of every process. */
  queuedAt: number;
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
 * four hash-tagged keys (`{key}:grants`, `{key}:tokens`, `{key}:state`,
 * `{key}:claims`, one Redis Cluster slot), changed only by Lua scripts on the
 * server's clock, so no interleaving of processes can admit more than the
 * quotas in any window. Keys expire once the window is idle.
 *
 * Each process serves its callers first come, first served; one ask of Redis
 * at a time, for the queue in order (up to 64 callers): the script grants
 * every caller that fits, up to the first that does not, and says exactly
 * when that one will fit (from the window's expiries); the process sleeps
 * that long. A burst of callers costs one round trip, not one each. A local
 * reconcile, observe or pause wakes the head to ask again at once; another
 * process's reconcile is seen at the computed time at the latest.
 *
 * Between processes, a caller that does not fit yet claims its room: callers
 * of other processes that queued after it are granted only what leaves room
 * for it, so a large request in one process is not starved by a stream of
 * small ones from the others (order between processes follows when callers
 * queued, by each process's clock). A claim is renewed on every ask and
 * lapses shortly after its caller should have fitted (a twentieth of the
 * window, at least 100 ms), so a process that dies holds nothing for long.
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
  const keys = [`${tag}:grants`, `${tag}:tokens`, `${tag}:state`, `${tag}:claims`];
  // How long a claim for a caller that does not fit yet outlives the moment it should fit.
  const leaseMs = Math.max(100, windowMs / 20);
  // The scripts hold each grant for the window plus the margin.
  const base = [requestsPerMinute ?? 0, tokensPerMinute ?? 0, windowMs + marginMs];
  const owner = randomUUID();
  let nextId = 0;
  const waiters: Waiter[] = [];
  let serving = false;
  // Whether Redis holds a claim for this process's next caller (withdrawn when the queue empties first).
  let claimed = false;
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
        let head = waiters[0]!;
        let waitMs = localPauseUntil - Date.now();
        if (waitMs <= 0) {
          await writes;
          // The queue in order, up to a batch: one round trip grants every caller that fits.
          const batch = waiters.slice(0, MAX_BATCH);
          const ids = batch.map(() => `${owner}:${nextId++}`);
          let granted: number;
          let grantedAt: number;
          try {
            const asked = Date.now();
            const callers = batch.flatMap((waiter, at) => [waiter.tokens, ids[at]!, Math.max(0, asked - waiter.queuedAt)]);
            const args = [...base, owner, leaseMs, batch.length, ...callers];
            const [count, wait, now] = (await TAKE_WEIGHTED.run(redis, keys, args)) as [string, string, string];
            granted = Number(count);
            waitMs = Number(wait);
            grantedAt = Number(now);
          } catch (error) {
            fail(head, redisFailure(`redisRateLimit "${key}"`, error, 'no request was granted'));
            continue;
          }
          for (let at = 0; at < granted; at++) {
            const waiter = batch[at]!;
            if (leave(waiter)) waiter.resolve(permitFor(ids[at]!, grantedAt, waiter.tokens));
            // The caller aborted while Redis granted it: give the grant back.
            else void background('release', RELEASE.run(redis, keys, [...base, ids[at]!]), 'the grant stays charged');
          }
          claimed = granted < batch.length;
          if (!claimed) continue;
          // The wait is for the first caller that did not fit; if it left while Redis answered, ask again now.
          head = batch[granted]!;
          if (waiters[0] !== head) continue;
        }
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
      if (claimed) {
        claimed = false;
        void background('unclaim', UNCLAIM.run(redis, keys, [...base, owner]), 'the claim lapses on its own');
      }
    }
  };

  return {
    acquire(signal, tokens = 0) {
      if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
        return Promise.reject(new RangeError(`acquire expects a finite token estimate >= 0, got ${String(tokens)}`));
      }
      if (signal?.aborted) return Promise.reject(abortError(signal));
      return new Promise<RedisRatePermit>((resolve, reject) => {
        const waiter: Waiter = { tokens, queuedAt: Date.now(), signal, resolve, reject, unwatch: undefined };
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
