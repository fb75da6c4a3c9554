import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/policies/abortable-sleep.js';
import {
  AbortedError,
  AgentError,
  BudgetExhaustedError,
  InvalidInputError,
  RateLimitedError,
  TimeoutError,
} from '../../src/errors.js';
import { isRetryable, nextRetryDelay, resolveRetry, retryAfterOf, retryDelay, RETRY_DEFAULTS } from '../../src/policies/retry.js';
import { FakeClock } from '../support/fake-clock.js';

/** mulberry32: a tiny seeded PRNG, so jitter tests are repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const almostOne = () => 1 - 1e-12;

describe('retryDelay', () => {
  it('doubles the cap from baseDelayMs per attempt, up to maxDelayMs', () => {
    const options = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    const caps = [1, 2, 3, 4, 5, 6].map((attempt) => Math.round(retryDelay(attempt, options, almostOne)));
    expect(caps).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(retryDelay(3, options, () => 0)).toBe(0);
    expect(retryDelay(2000, options, almostOne)).toBeCloseTo(1000);
  });

  it('uses the documented defaults: 100 ms base, 10 s cap', () => {
    expect(RETRY_DEFAULTS).toEqual({ baseDelayMs: 100, maxDelayMs: 10_000 });
    expect(Math.round(retryDelay(1, { attempts: 2 }, almostOne))).toBe(100);
    expect(Math.round(retryDelay(20, { attempts: 2 }, almostOne))).toBe(10_000);
  });

  it('applies full jitter: delays spread uniformly over [0, cap), not bunched near it', () => {
    const random = seeded(42);
    const options = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
    const delays = Array.from({ length: 4000 }, () => retryDelay(3, options, random)); // cap 4000 ms
    const mean = delays.reduce((sum, d) => sum + d, 0) / delays.length;
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...delays)).toBeLessThan(40);
    expect(Math.max(...delays)).toBeLessThan(4000);
    expect(Math.max(...delays)).toBeGreaterThan(3960);
    expect(mean).toBeGreaterThan(1900);
    expect(mean).toBeLessThan(2100);
    // The same seed gives the same schedule.
    const again = seeded(42);
    expect(retryDelay(3, options, again)).toBe(delays[0]);
  });

  it('takes its jitter from options.random when no random is passed', () => {
    const options = { attempts: 3, baseDelayMs: 100, random: () => 0.25 };
    expect(retryDelay(2, options)).toBe(50);
    expect(nextRetryDelay(new TimeoutError('slow'), 1, options)).toBe(25);
  });

  it('waits at least a retry-after, even past maxDelayMs', () => {
    const options = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(1, options, () => 0, 2500)).toBe(2500);
    expect(retryDelay(1, options, () => 0.5, 10)).toBe(50);
  });

  it('rejects nonsense with a RangeError naming the option', () => {
    expect(() => retryDelay(0, { attempts: 2 })).toThrow(/attempt must be an integer >= 1/);
    expect(() => resolveRetry({ attempts: 0 })).toThrow(/retry.attempts must be an integer >= 1/);
    expect(() => resolveRetry({ attempts: 1.5 })).toThrow(/retry.attempts/);
    expect(() => resolveRetry({ attempts: 2, baseDelayMs: -1 })).toThrow(/retry.baseDelayMs/);
    expect(() => resolveRetry({ attempts: 2, maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(/retry.maxDelayMs/);
    expect(() => resolveRetry({ attempts: 2, retryOn: 'yes' as never })).toThrow(/retryOn must be a function/);
    expect(() => resolveRetry({ attempts: 2, random: 0.5 as never })).toThrow(/retry.random must be a function/);
    expect(resolveRetry({ attempts: 2 })).toEqual({ attempts: 2, baseDelayMs: 100, maxDelayMs: 10_000, retryOn: undefined, random: undefined });
  });
});

describe('isRetryable', () => {
  it('by default retries only errors marked retryable: timeouts, rate limits, retryable AgentErrors', () => {
    expect(isRetryable(new TimeoutError('slow'))).toBe(true);
    expect(isRetryable(new RateLimitedError('429'))).toBe(true);
    expect(isRetryable(new AgentError('flaky', { retryable: true }))).toBe(true);
    expect(isRetryable(new AgentError('bad request'))).toBe(false);
    expect(isRetryable(new InvalidInputError('missing field'))).toBe(false);
    expect(isRetryable(new BudgetExhaustedError('no money'))).toBe(false);
    expect(isRetryable(new AbortedError())).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });

  it('lets retryOn override the default either way, with the thrown value', () => {
    const seen: unknown[] = [];
    const retryOn = (error: unknown) => {
      seen.push(error);
      return error instanceof Error && error.message.includes('503');
    };
    const plain = new Error('HTTP 503');
    expect(isRetryable(plain, { retryOn })).toBe(true);
    expect(isRetryable(new TimeoutError('slow'), { retryOn })).toBe(false);
    expect(seen[0]).toBe(plain);
  });
});

describe('retryAfterOf', () => {
  it('reads retryAfterMs from rate-limit and agent errors, ignoring missing or bad values', () => {
    expect(retryAfterOf(new RateLimitedError('429', { retryAfterMs: 1500 }))).toBe(1500);
    expect(retryAfterOf(new AgentError('busy', { retryable: true, retryAfterMs: 0 }))).toBe(0);
    expect(retryAfterOf(new RateLimitedError('429'))).toBeUndefined();
    expect(retryAfterOf({ retryAfterMs: -5 })).toBeUndefined();
    expect(retryAfterOf({ retryAfterMs: Number.NaN })).toBeUndefined();
    expect(retryAfterOf(null)).toBeUndefined();
    expect(retryAfterOf('429')).toBeUndefined();
  });
});

describe('nextRetryDelay', () => {
  it('gives a delay while attempts remain and the error is retryable, then undefined', () => {
    const options = { attempts: 3, baseDelayMs: 100 };
    const timeout = new TimeoutError('slow');
    expect(nextRetryDelay(timeout, 1, options, () => 0.5)).toBe(50);
    expect(nextRetryDelay(timeout, 2, options, () => 0.5)).toBe(100);
    expect(nextRetryDelay(timeout, 3, options, () => 0.5)).toBeUndefined();
    expect(nextRetryDelay(new AgentError('no'), 1, options)).toBeUndefined();
    expect(nextRetryDelay(timeout, 1, { attempts: 1 })).toBeUndefined();
  });

  it("honours a rate limit's retry-after", () => {
    const error = new RateLimitedError('429', { retryAfterMs: 30_000 });
    expect(nextRetryDelay(error, 1, { attempts: 2 }, () => 0.9)).toBe(30_000);
  });

  it('drives a retry loop with sleep: fails twice, then succeeds, waiting the jittered delays', async () => {
    const clock = new FakeClock();
    const random = seeded(7);
    const expected = seeded(7);
    const options = { attempts: 4, baseDelayMs: 200 };
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new TimeoutError(`attempt ${calls} timed out`);
      return 'ok';
    };
    const run = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return { value: await flaky(), attempt };
        } catch (error) {
          const wait = nextRetryDelay(error, attempt, options, random);
          if (wait === undefined) throw error;
          await sleep(wait, { clock });
        }
      }
    };
    const done = run();
    await clock.runAll();
    expect(await done).toEqual({ value: 'ok', attempt: 3 });
    expect(clock.now()).toBeCloseTo(expected() * 200 + expected() * 400, 6);
  });
});
