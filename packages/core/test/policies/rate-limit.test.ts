import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rateLimit } from '../../src/policies/rate-limit.js';
import { describeRateLimiterConformance } from '../../src/testing/rate-limiter-conformance.js';
import { FakeClock } from '../support/fake-clock.js';

describeRateLimiterConformance('rateLimit', { create: (quotas, { clock }) => rateLimit({ ...quotas, marginMs: 0, clock }) });
describeRateLimiterConformance('rateLimit (default margin, system clock)', {
  create: (quotas) => rateLimit(quotas),
  // The margin only delays: run the suite on the lower bounds it shares with real-time backends.
  realTime: { windowMs: 300 },
});

describe('rateLimit', () => {
  it('rejects quotas and windows that make no sense with a RangeError naming the option', () => {
    expect(() => rateLimit({})).toThrow(/requestsPerMinute, tokensPerMinute or both/);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => rateLimit({ requestsPerMinute: bad })).toThrow(/requestsPerMinute must be an integer >= 1/);
      expect(() => rateLimit({ tokensPerMinute: bad })).toThrow(/tokensPerMinute must be an integer >= 1/);
    }
    for (const windowMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => rateLimit({ requestsPerMinute: 1, windowMs })).toThrow(/windowMs must be/);
    }
  });

  it('wakes exactly when the head request fits, with one timer (no polling)', async () => {
    const clock = new FakeClock();
    const limiter = rateLimit({ tokensPerMinute: 1000, windowMs: 1000, marginMs: 0, clock });
    await limiter.acquire(undefined, 400); // t=0
    await clock.advance(300);
    await limiter.acquire(undefined, 400); // t=300
    const granted: number[] = [];
    void limiter.acquire(undefined, 700).then(() => granted.push(clock.now()));
    await Promise.resolve();
    // 700 fits once both earlier grants left the window: at 1300, not 1000.
    expect(clock.dueTimes()).toEqual([1300]);
    await clock.runAll();
    expect(granted).toEqual([1300]);
  });

  it('keeps each grant counting for the margin beyond the window (1% by default), so arrival delays cause no 429', async () => {
    const clock = new FakeClock();
    const limiter = rateLimit({ requestsPerMinute: 1, windowMs: 2000, clock });
    await limiter.acquire();
    const granted: number[] = [];
    void limiter.acquire().then(() => granted.push(clock.now()));
    await clock.runAll();
    expect(granted).toEqual([2020]);
    expect(() => rateLimit({ requestsPerMinute: 1, marginMs: -1 })).toThrow(/marginMs must be/);
  });

  it('a correction from observe() expires at the provider reset, not a whole window later', async () => {
    const clock = new FakeClock();
    const limiter = rateLimit({ requestsPerMinute: 10, windowMs: 1000, clock });
    limiter.observe({ remainingRequests: 0, resetRequestsMs: 250 });
    const granted: number[] = [];
    void limiter.acquire().then(() => granted.push(clock.now()));
    await clock.runAll();
    expect(granted).toEqual([250]);
  });

  it('property: no window ever admits more than the quotas, whatever the arrivals, sizes, aborts and reconciliations', async () => {
    const op = fc.record({
      gap: fc.integer({ min: 0, max: 400 }),
      tokens: fc.integer({ min: 0, max: 1500 }),
      actualShare: fc.double({ min: 0, max: 1, noNaN: true }),
      abortAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 200, max: 2000 }),
        fc.array(op, { minLength: 1, maxLength: 40 }),
        async (rpm, tpm, ops) => {
          const windowMs = 1000;
          const clock = new FakeClock();
          const limiter = rateLimit({ requestsPerMinute: rpm, tokensPerMinute: tpm, windowMs, clock });
          const grants: { at: number; tokens: number }[] = [];
          const pending: Promise<unknown>[] = [];
          for (const { gap, tokens, actualShare, abortAfter } of ops) {
            await clock.advance(gap);
            const controller = new AbortController();
            if (abortAfter !== undefined) clock.setTimeout(() => controller.abort(), abortAfter);
            const grant = { at: 0, tokens: 0 };
            pending.push(
              limiter.acquire(controller.signal, tokens).then(
                (permit) => {
                  grant.at = clock.now();
                  grant.tokens = Math.floor(tokens * actualShare);
                  grants.push(grant);
                  // The call ends a little later and reports its actual usage.
                  clock.setTimeout(() => permit.reconcile(grant.tokens), 50);
                },
                (error: { code?: string }) => expect(error.code).toBe('aborted'),
              ),
            );
          }
          await clock.runAll();
          await Promise.all(pending);
          for (const last of grants) {
            const inWindow = grants.filter((g) => g.at > last.at - windowMs && g.at <= last.at);
            expect(inWindow.length).toBeLessThanOrEqual(rpm);
            // A request larger than the quota counts as the whole quota: it goes alone.
            const tokens = inWindow.reduce((sum, g) => sum + Math.min(g.tokens, tpm), 0);
            expect(tokens).toBeLessThanOrEqual(tpm);
          }
          expect(clock.pending).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: grants follow arrival order, so no request is starved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 1200 }), { minLength: 2, maxLength: 30 }), async (sizes) => {
        const clock = new FakeClock();
        const limiter = rateLimit({ tokensPerMinute: 1000, windowMs: 1000, clock });
        const order: number[] = [];
        const all = sizes.map((tokens, i) => limiter.acquire(undefined, tokens).then(() => void order.push(i)));
        await clock.runAll();
        await Promise.all(all);
        expect(order).toEqual(sizes.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });
});
