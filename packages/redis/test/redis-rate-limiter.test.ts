import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortedError, dispatch, RateLimitedError } from '@flotilla/core';
import { redisRateLimiter } from '../src/index.js';
import { collect, forkFixture } from './support/processes.js';
import { client, deleteKeys, REDIS_URL, testPrefix } from './support/redis.js';

const prefix = testPrefix('rate');
const redis = client();
let n = 0;
const key = () => `${prefix}:${n++}`;

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

/** The largest excess of grants over `burst + rate x t` in any window between two grants (<= 0 when the limit held). */
function worstExcess(times: number[], requestsPerSecond: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = burst + (requestsPerSecond * (sorted[j]! - sorted[i]!)) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

describe('redisRateLimiter', () => {
  it('grants a burst at once, then one token per 1/rate seconds', async () => {
    const limiter = redisRateLimiter({ redis, key: key(), requestsPerSecond: 20, burst: 3 });
    const grants: number[] = [];
    for (let i = 0; i < 7; i++) grants.push((await limiter.acquireAt()).grantedAt);
    expect(grants[2]! - grants[0]!).toBeLessThan(40);
    // Tokens 4..7 come 50 ms apart: 4 more need at least ~150 ms after the burst (one token had accrued meanwhile).
    expect(grants[6]! - grants[0]!).toBeGreaterThanOrEqual(145);
    expect(worstExcess(grants, 20, 3)).toBeLessThanOrEqual(1e-6);
  });

  it('rejects an aborted waiter promptly without taking a token', async () => {
    const name = key();
    const limiter = redisRateLimiter({ redis, key: name, requestsPerSecond: 2, burst: 1 });
    await limiter.acquire(); // the bucket is now empty for 500 ms
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const queued = limiter.acquireAt();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(300);
    // The aborted waiter took nothing: the next one gets the very next token.
    const { grantedAt } = await queued;
    expect(grantedAt - started).toBeLessThan(650);
  });

  it('a thousand waiters on one signal emit no MaxListenersExceededWarning and all reject on its abort', async () => {
    const limiter = redisRateLimiter({ redis, key: key(), requestsPerSecond: 1, burst: 1 });
    await limiter.acquire(); // the bucket is now empty for a second
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const waiting = Array.from({ length: 1000 }, () => limiter.acquire(controller.signal));
      // The waiters share one listener; the head's sleep adds at most one more.
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(2);
      setTimeout(() => controller.abort(), 20);
      const settled = await Promise.allSettled(waiting);
      expect(settled.filter((one) => one.status === 'rejected' && one.reason instanceof AbortedError)).toHaveLength(1000);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a pause in one process holds back another process on the same key', async () => {
    const name = key();
    const other = client();
    const a = redisRateLimiter({ redis, key: name, requestsPerSecond: 1000, burst: 10 });
    const b = redisRateLimiter({ redis: other, key: name, requestsPerSecond: 1000, burst: 10 });
    a.pause(300);
    await new Promise((resolve) => setTimeout(resolve, 20)); // let the pause reach Redis
    const started = Date.now();
    await b.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    other.disconnect();
  });

  it('is the rate limiter of a dispatch, and a 429 retry-after pauses it', async () => {
    const limiter = redisRateLimiter({ redis, key: key(), requestsPerSecond: 1000, burst: 5 });
    const starts: number[] = [];
    let failedOnce = false;
    const run = await dispatch({
      agent: async (i: number) => {
        starts.push(Date.now());
        if (i === 0 && !failedOnce) {
          failedOnce = true;
          throw new RateLimitedError('429', { retryAfterMs: 200 });
        }
        return i;
      },
      inputs: [0, 1, 2],
      cache: false,
      rateLimiter: limiter,
      retry: { attempts: 2, baseDelayMs: 1 },
      limits: { maxConcurrent: 1 },
    });
    expect(run.results.every((r) => r.ok)).toBe(true);
    // Input 1 took its token before the 429; input 2 asked after it and had to wait out the pause.
    const sorted = [...starts].sort((a, b) => a - b);
    expect(sorted).toHaveLength(4);
    expect(sorted[2]! - sorted[0]!).toBeGreaterThanOrEqual(180);
  });
});

describe('redisRateLimiter shared by 4 processes', () => {
  it('never lets more than burst + rate x t start in any window t, and uses the rate', async () => {
    const requestsPerSecond = 40;
    const burst = 5;
    const count = 25;
    const name = key();
    const children = Array.from({ length: 4 }, () =>
      collect<{ grants: number[] }>(forkFixture('rate-taker', { url: REDIS_URL, key: name, requestsPerSecond, burst, count, concurrency: 3 })),
    );
    const outcomes = await Promise.all(children);
    const grants = outcomes.flatMap((outcome) => outcome.messages[0]!.grants);
    expect(outcomes.map((outcome) => outcome.messages[0]!.grants.length)).toEqual([count, count, count, count]);
    expect(worstExcess(grants, requestsPerSecond, burst)).toBeLessThanOrEqual(1e-6);
    // The four processes start at different moments, so the bucket may refill
    // before the last joins; still the total pace must be the shared rate, not 4x.
    const span = Math.max(...grants) - Math.min(...grants);
    expect(span).toBeGreaterThanOrEqual(((4 * count - burst) / requestsPerSecond) * 1000 - 5);
  });
});
