import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../util/clock.js';
import type { RatePermit, WeightedRateLimiter } from '../policies/rate-limiter.js';
import { fakeDriver, realDriver, SuiteClock, turn, watch, type TimeDriver } from './rate-limiter-time.js';

/** The quotas the suite asks {@link RateLimiterConformanceOptions.create} for. */
export interface RateLimiterQuotas {
  /** Requests per window, when the test meters requests. */
  requestsPerMinute?: number;
  /** Tokens per window, when the test meters tokens. */
  tokensPerMinute?: number;
  /** The window, in milliseconds. */
  windowMs: number;
}

/** How {@link describeRateLimiterConformance} builds and drives a weighted rate limiter under test. */
export interface RateLimiterConformanceOptions {
  /**
   * Make a fresh limiter with these quotas, empty (nothing granted yet).
   * `clock` is the suite's fake clock: an in-memory limiter should use it;
   * a backend on its own time (e.g. Redis) ignores it and sets `realTime`.
   */
  create(quotas: RateLimiterQuotas, env: { clock: Clock }): WeightedRateLimiter | Promise<WeightedRateLimiter>;
  /** Tear a limiter down after each test (close connections, delete keys). */
  destroy?(limiter: WeightedRateLimiter): Promise<void> | void;
  /**
   * Set for a backend that keeps its own time: the suite then waits for real
   * with windows of `windowMs` (default 300) and asserts only what load
   * cannot break (nothing is granted early; everything is granted at last).
   */
  realTime?: {
    /** The window the limiter under test was made with, in milliseconds (default 300). */
    windowMs?: number;
  };
}

/** The part of Node's `process` the listener-leak test listens on. */
interface WarningSource {
  on(event: 'warning', listener: (warning: Error) => void): unknown;
  off(event: 'warning', listener: (warning: Error) => void): unknown;
}

/**
 * Register the shared weighted `RateLimiter` conformance tests under
 * `describe(name)`: request and token quotas per window, reconciliation,
 * FIFO order, abort, pause and provider feedback. Every weighted limiter
 * (in memory, Redis, ...) runs the same suite.
 *
 * @example
 * describeRateLimiterConformance('rateLimit', { create: (quotas, { clock }) => rateLimit({ ...quotas, clock }) });
 */
export function describeRateLimiterConformance(name: string, options: RateLimiterConformanceOptions): void {
  describe(`${name} (RateLimiter conformance)`, () => {
    const windowMs = options.realTime ? (options.realTime.windowMs ?? 300) : 60_000;
    const made: WeightedRateLimiter[] = [];
    let driver: TimeDriver;
    let clock: SuiteClock;

    async function limiter(quotas: Omit<RateLimiterQuotas, 'windowMs'>): Promise<WeightedRateLimiter> {
      clock = new SuiteClock();
      driver = options.realTime ? realDriver(windowMs) : fakeDriver(clock, windowMs);
      const made1 = await options.create({ ...quotas, windowMs }, { clock });
      made.push(made1);
      return made1;
    }

    afterEach(async () => {
      for (const one of made.splice(0)) await options.destroy?.(one);
    });

    it('grants requestsPerMinute at once, then nothing until the first grant leaves the window', async () => {
      const rl = await limiter({ requestsPerMinute: 3 });
      const start = driver.now();
      await Promise.all([rl.acquire(), rl.acquire(), rl.acquire()]);
      const fourth = watch(rl.acquire());
      await driver.advance(windowMs / 3);
      expect(fourth.done).toBe(false);
      await driver.until(fourth.promise);
      const waited = driver.now() - start;
      expect(waited).toBeGreaterThanOrEqual(windowMs - 5);
      if (driver.exact) expect(waited).toBe(windowMs);
    });

    it('meters tokens: a request that would pass tokensPerMinute waits for room', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      const start = driver.now();
      await rl.acquire(undefined, 600);
      await rl.acquire(undefined, 300);
      const third = watch(rl.acquire(undefined, 200));
      await driver.advance(windowMs / 3);
      expect(third.done).toBe(false);
      await driver.until(third.promise);
      expect(driver.now() - start).toBeGreaterThanOrEqual(windowMs - 5);
    });

    it('reconciling fewer tokens than estimated gives the difference back at once', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      const permit = await rl.acquire(undefined, 900);
      const next = watch(rl.acquire(undefined, 800));
      await driver.advance(windowMs / 10);
      expect(next.done).toBe(false);
      const before = driver.now();
      permit.reconcile(100);
      await driver.until(next.promise);
      expect(driver.now() - before).toBeLessThan(windowMs / 2);
    });

    it('reconciling more tokens than estimated charges the extra', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      const permit = await rl.acquire(undefined, 100);
      permit.reconcile(900);
      const next = watch(rl.acquire(undefined, 500));
      await driver.advance(windowMs / 3);
      expect(next.done).toBe(false);
      await driver.until(next.promise);
    });

    it('counts only the first reconcile of a permit and refuses counts that are not numbers >= 0', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      const permit: RatePermit = await rl.acquire(undefined, 500);
      for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => permit.reconcile(bad)).toThrow(RangeError);
      permit.reconcile(500);
      permit.reconcile(0);
      const next = watch(rl.acquire(undefined, 600));
      await driver.advance(windowMs / 3);
      expect(next.done).toBe(false);
      await driver.until(next.promise);
      await expect(rl.acquire(undefined, -5)).rejects.toThrow(RangeError);
    });

    it('serves waiters first come, first served: a large request is not overtaken by small ones', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      await rl.acquire(undefined, 700);
      const order: string[] = [];
      const large = rl.acquire(undefined, 900).then(() => void order.push('large'));
      const smalls = [1, 2, 3].map((i) => rl.acquire(undefined, 50).then(() => void order.push(`small${i}`)));
      await driver.until(large);
      await turn();
      // 900 + 50 + 50 fill the window exactly; the third small one waits for the next.
      if (driver.exact) expect(order).toEqual(['large', 'small1', 'small2']);
      await driver.until(Promise.all(smalls));
      expect(order).toEqual(['large', 'small1', 'small2', 'small3']);
    });

    it('lets a request larger than the whole token quota go alone into an empty window', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      await rl.acquire(undefined, 10);
      const huge = watch(rl.acquire(undefined, 5000));
      await driver.advance(windowMs / 3);
      expect(huge.done).toBe(false);
      await driver.until(huge.promise);
      const after = watch(rl.acquire(undefined, 1));
      await driver.advance(windowMs / 3);
      expect(after.done).toBe(false);
      await driver.until(after.promise);
    });

    it('an aborted waiter leaves the queue without consuming anything, and rejects with code "aborted"', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      await rl.acquire(undefined, 600);
      const controller = new AbortController();
      const aborted = rl.acquire(controller.signal, 600);
      const behind = watch(rl.acquire(undefined, 400));
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
      await driver.until(behind.promise);
      expect(behind.done).toBe(true);
      const signal = AbortSignal.abort();
      await expect(rl.acquire(signal, 1)).rejects.toMatchObject({ code: 'aborted' });
    });

    it('a permit started after its grant counts in the window from its start', async () => {
      const rl = await limiter({ requestsPerMinute: 1 });
      const permit = await rl.acquire();
      await driver.advance(windowMs / 2);
      if (!permit.start) return;
      const started = driver.now();
      permit.start();
      const next = watch(rl.acquire());
      await driver.advance(windowMs * 0.6);
      // Counted from the grant it would have left the window by now.
      expect(next.done).toBe(false);
      await driver.until(next.promise);
      expect(driver.now() - started).toBeGreaterThanOrEqual(windowMs - 5);
    });

    it('pause(ms) grants nothing to anyone until it ends', async () => {
      const rl = await limiter({ requestsPerMinute: 100 });
      await rl.acquire();
      const start = driver.now();
      rl.pause(windowMs / 2);
      const next = watch(rl.acquire());
      await driver.advance(windowMs / 4);
      expect(next.done).toBe(false);
      await driver.until(next.promise);
      expect(driver.now() - start).toBeGreaterThanOrEqual(windowMs / 2 - 5);
    });

    it('observe: a provider reporting fewer tokens left than the limiter thinks holds requests until its reset', async () => {
      const rl = await limiter({ tokensPerMinute: 1000 });
      await rl.acquire(undefined, 100);
      const start = driver.now();
      // Another client of the key used most of it: 50 left, whole again in half a window.
      rl.observe({ remainingTokens: 50, resetTokensMs: windowMs / 2 });
      const next = watch(rl.acquire(undefined, 200));
      await driver.advance(windowMs / 4);
      expect(next.done).toBe(false);
      await driver.until(next.promise);
      expect(driver.now() - start).toBeGreaterThanOrEqual(windowMs / 2 - 5);
    });

    it('observe: a provider limit below the configured one lowers the quota', async () => {
      const rl = await limiter({ requestsPerMinute: 10 });
      rl.observe({ limitRequests: 2 });
      await rl.acquire();
      await rl.acquire();
      const third = watch(rl.acquire());
      await driver.advance(windowMs / 3);
      expect(third.done).toBe(false);
      await driver.until(third.promise);
    });

    it('observe ignores a provider reporting more left than the limiter granted', async () => {
      const rl = await limiter({ requestsPerMinute: 2 });
      await rl.acquire();
      await rl.acquire();
      rl.observe({ remainingRequests: 100, limitRequests: 1000 });
      const third = watch(rl.acquire());
      await driver.advance(windowMs / 3);
      expect(third.done).toBe(false);
      await driver.until(third.promise);
    });

    it('a thousand waiters on one signal leak no listener (no MaxListenersExceededWarning) and are all released on its abort', async () => {
      const rl = await limiter({ requestsPerMinute: 1, tokensPerMinute: 100 });
      await rl.acquire(undefined, 10);
      // Node reports a listener leak as a process warning; other runtimes have no such warning to catch.
      const host = (globalThis as { process?: WarningSource }).process;
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => void warnings.push(warning);
      host?.on('warning', onWarning);
      try {
        const controller = new AbortController();
        const waiting = Array.from({ length: 1000 }, () => rl.acquire(controller.signal, 10));
        await turn();
        controller.abort();
        const settled = await Promise.allSettled(waiting);
        expect(settled.filter((one) => one.status === 'rejected' && (one.reason as { code?: string }).code === 'aborted')).toHaveLength(1000);
        // Warnings are emitted on a later tick.
        await turn();
        expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning').map((warning) => warning.message)).toEqual([]);
      } finally {
        host?.off('warning', onWarning);
      }
      // None of them took anything: the next request is granted once the first grant leaves the window.
      const next = watch(rl.acquire(undefined, 10));
      await driver.until(next.promise);
      expect(next.done).toBe(true);
    });

    if (!options.realTime) {
      it('leaves no timer armed once nobody waits', async () => {
        const rl = await limiter({ requestsPerMinute: 1, tokensPerMinute: 100 });
        await rl.acquire(undefined, 10);
        const controller = new AbortController();
        const waiting = rl.acquire(controller.signal, 10);
        expect(clock.pending).toBe(1);
        controller.abort();
        await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
        expect(clock.pending).toBe(0);
        const next = rl.acquire(undefined, 10);
        await driver.until(next);
        expect(clock.pending).toBe(0);
      });
    }
  });
}
