import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbortedError, DeadlineError } from '../../src/errors.js';
import { tokenBucket } from '../../src/policies/token-bucket.js';
import { countingClock } from '../support/counting-clock.js';
import { FakeClock } from '../support/fake-clock.js';

/** Start `count` acquires now; record each grant's time (and the order of grants). */
function queue(limiter: ReturnType<typeof tokenBucket>, clock: FakeClock, count: number, signal?: AbortSignal) {
  const granted: Array<{ id: number; at: number }> = [];
  const settled = Array.from({ length: count }, (_, id) =>
    limiter.acquire(signal).then(() => void granted.push({ id, at: clock.now() })),
  );
  return { granted, settled };
}

describe('tokenBucket', () => {
  it('rejects rates and bursts that make no sense with a RangeError naming the option', () => {
    for (const requestsPerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(() => tokenBucket({ requestsPerSecond })).toThrow(/requestsPerSecond must be a finite number > 0/);
    }
    for (const burst of [0, -1, 1.5, Number.NaN]) {
      expect(() => tokenBucket({ requestsPerSecond: 1, burst })).toThrow(/burst must be an integer >= 1/);
    }
    const limiter = tokenBucket({ requestsPerSecond: 1, clock: new FakeClock() });
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => limiter.pause(ms)).toThrow(RangeError);
  });

  it('starts full: grants `burst` at once, then one every 1000 / rate ms', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 4, burst: 3, clock });
    const { granted } = queue(limiter, clock, 6);
    await clock.runAll();
    expect(granted.map((g) => g.at)).toEqual([0, 0, 0, 250, 500, 750]);
  });

  it('grants waiters in arrival order', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 10, burst: 2, clock });
    const { granted } = queue(limiter, clock, 8);
    await clock.runAll();
    expect(granted.map((g) => g.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a newcomer never jumps the queue, even when its call beats a late wake-up timer', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1, clock });
    const order: string[] = [];
    // Armed before the limiter's timer, so at 1000 ms it runs first, as a late real timer would.
    clock.setTimeout(() => void limiter.acquire().then(() => order.push('newcomer')), 1000);
    await limiter.acquire();
    void limiter.acquire().then(() => order.push('waiter'));
    await clock.runAll();
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('refills while idle, but never beyond burst', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1, burst: 2, clock });
    await clock.advance(60_000);
    const { granted } = queue(limiter, clock, 3);
    await clock.runAll();
    expect(granted.map((g) => g.at)).toEqual([60_000, 60_000, 61_000]);
  });

  it('an aborted waiter rejects, takes no token and does not hold up the waiters behind it', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const first = limiter.acquire(controller.signal);
    const second = limiter.acquire();
    const third = limiter.acquire();
    const times: number[] = [];
    void second.then(() => times.push(clock.now()));
    void third.then(() => times.push(clock.now()));
    await clock.advance(400);
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    await clock.runAll();
    // Without the aborted waiter, "second" gets the token due at 1000 ms.
    expect(times).toEqual([1000, 2000]);
  });

  it('passes a Flotilla reason through, and rejects at once when the signal is already aborted', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const deadline = new DeadlineError('run passed its deadline');
    controller.abort(deadline);
    await expect(waiting).rejects.toBe(deadline);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted' });
    // No token was spent by either: after 1 s exactly one is there.
    await clock.advance(1000);
    const { granted } = queue(limiter, clock, 2);
    await clock.advance(0);
    expect(granted).toEqual([{ id: 0, at: 1000 }]);
  });

  it('leaves no timer armed once the last waiter is aborted or granted', async () => {
    const base = new FakeClock();
    const clock = countingClock(base);
    const limiter = tokenBucket({ requestsPerSecond: 0.5, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(clock.live).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(clock.live).toBe(0);
    expect(base.pending).toBe(0);

    void limiter.acquire();
    expect(clock.live).toBe(1);
    await base.runAll();
    expect(clock.live).toBe(0);
  });

  it('a thousand waiters on one signal add one abort listener between them, emit no MaxListenersExceededWarning and all reject on its abort', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1, clock });
    await limiter.acquire();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const waiting = Array.from({ length: 1000 }, () => limiter.acquire(controller.signal));
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      controller.abort();
      const settled = await Promise.allSettled(waiting);
      expect(settled.filter((one) => one.status === 'rejected' && one.reason instanceof AbortedError)).toHaveLength(1000);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
    // Nothing was taken: the next token is due a second after the first grant.
    const next = limiter.acquire().then(() => clock.now());
    await clock.runAll();
    expect(await next).toBe(1000);
  });

  it('drops its abort listener once the waiters on a signal are granted', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1000, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = Array.from({ length: 50 }, () => limiter.acquire(controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.runAll();
    await Promise.all(waiting);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  describe('pause', () => {
    it('grants nothing to anyone until the pause ends', async () => {
      const clock = new FakeClock();
      const limiter = tokenBucket({ requestsPerSecond: 100, burst: 5, clock });
      await limiter.acquire();
      limiter.pause(3000);
      const { granted } = queue(limiter, clock, 2);
      await clock.advance(2999);
      expect(granted).toEqual([]);
      await clock.advance(1);
      expect(granted.map((g) => g.at)).toEqual([3000, 3000]);
    });

    it('freezes the bucket: no tokens accrue during a pause, the level before it is kept', async () => {
      const clock = new FakeClock();
      const limiter = tokenBucket({ requestsPerSecond: 1, burst: 5, clock });
      await Promise.all([limiter.acquire(), limiter.acquire()]); // 3 of 5 left
      limiter.pause(60_000);
      await clock.advance(60_000);
      const { granted } = queue(limiter, clock, 5);
      await clock.runAll();
      expect(granted.map((g) => g.at)).toEqual([60_000, 60_000, 60_000, 61_000, 62_000]);
    });

    it('banks tokens accrued before the pause began', async () => {
      const clock = new FakeClock();
      const limiter = tokenBucket({ requestsPerSecond: 1, burst: 2, clock });
      await Promise.all([limiter.acquire(), limiter.acquire()]); // empty at 0
      await clock.advance(1500); // 1.5 tokens accrued
      limiter.pause(10_000);
      const { granted } = queue(limiter, clock, 2);
      await clock.runAll();
      // 1.5 banked: one at the pause's end, the next after 0.5 s more.
      expect(granted.map((g) => g.at)).toEqual([11_500, 12_000]);
    });

    it('a shorter pause never cuts a longer one short; a later, longer one extends it', async () => {
      const clock = new FakeClock();
      const limiter = tokenBucket({ requestsPerSecond: 1000, burst: 1, clock });
      limiter.pause(5000);
      limiter.pause(100);
      const { granted } = queue(limiter, clock, 1);
      await clock.advance(4000);
      limiter.pause(2000); // now until 6000
      await clock.runAll();
      expect(granted.map((g) => g.at)).toEqual([6000]);
    });

    it('re-arms its one timer for the pause end and leaves none when no one waits', async () => {
      const base = new FakeClock();
      const clock = countingClock(base);
      const limiter = tokenBucket({ requestsPerSecond: 1, clock });
      limiter.pause(1000);
      expect(clock.live).toBe(0);
      const { granted } = queue(limiter, base, 3);
      limiter.pause(5000);
      expect(clock.live).toBe(1);
      await base.runAll();
      expect(granted.map((g) => g.at)).toEqual([5000, 6000, 7000]);
      expect(clock.maxLive).toBe(1);
      expect(clock.live).toBe(0);
    });
  });

  it('never deadlocks at tiny rates, re-arming past the runtime timer limit', async () => {
    const base = new FakeClock();
    const clock = countingClock(base);
    const limiter = tokenBucket({ requestsPerSecond: 1e-7, clock }); // one token per 1e10 ms
    const { granted } = queue(limiter, base, 2);
    await base.runAll();
    expect(granted[0]!.at).toBe(0);
    // Float sums over 1e10 ms may cost the last millisecond, never more.
    expect(granted[1]!.at).toBeGreaterThanOrEqual(1e10);
    expect(granted[1]!.at).toBeLessThanOrEqual(1e10 + 1);
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(2 ** 31 - 1);

    const slow = new FakeClock();
    const thousandth = tokenBucket({ requestsPerSecond: 0.001, clock: slow });
    const three = queue(thousandth, slow, 3);
    await slow.runAll();
    expect(three.granted.map((g) => g.at)).toEqual([0, 1_000_000, 2_000_000]);
  });

  it('never deadlocks at huge rates, making progress every millisecond', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 1e6, burst: 1000, clock });
    const { granted, settled } = queue(limiter, clock, 5000);
    await clock.runAll();
    await Promise.all(settled);
    expect(granted).toHaveLength(5000);
    expect(clock.now()).toBeLessThanOrEqual(4);

    const single = tokenBucket({ requestsPerSecond: 1e6, clock });
    const ten = queue(single, clock, 10);
    await clock.runAll();
    expect(ten.granted).toHaveLength(10);
  });

  it('can be shared: two consumers together stay within one quota', async () => {
    const clock = new FakeClock();
    const limiter = tokenBucket({ requestsPerSecond: 2, burst: 1, clock });
    const a = queue(limiter, clock, 3);
    const b = queue(limiter, clock, 3);
    await clock.runAll();
    const times = [...a.granted, ...b.granted].map((g) => g.at).sort((x, y) => x - y);
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500]);
  });

  it('property: any window of t ms holds at most burst + rate x t grants; FIFO; no grant inside a pause; no deadlock; one timer at most', async () => {
    const arrival = fc.record({
      at: fc.integer({ min: 0, max: 5000 }),
      abortAfter: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    });
    const pause = fc.record({ at: fc.integer({ min: 0, max: 5000 }), ms: fc.integer({ min: 0, max: 4000 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: -3, max: 6, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(arrival, { maxLength: 40 }),
        fc.array(pause, { maxLength: 3 }),
        async (log10Rate, burst, arrivals, pauses) => {
          const rate = 10 ** log10Rate;
          const base = new FakeClock();
          const clock = countingClock(base);
          const limiter = tokenBucket({ requestsPerSecond: rate, burst, clock });
          const calls: number[] = [];
          const grants: Array<{ id: number; at: number }> = [];
          const aborted: number[] = [];
          const pausedSpans: Array<[number, number]> = [];
          arrivals.forEach(({ at, abortAfter }, id) => {
            base.setTimeout(() => {
              const controller = new AbortController();
              calls.push(id);
              limiter.acquire(controller.signal).then(
                () => void grants.push({ id, at: base.now() }),
                () => void aborted.push(id),
              );
              if (abortAfter !== undefined) base.setTimeout(() => controller.abort(), abortAfter);
            }, at);
          });
          for (const { at, ms } of pauses) {
            base.setTimeout(() => {
              limiter.pause(ms);
              pausedSpans.push([base.now(), base.now() + ms]);
            }, at);
          }
          await base.runAll();

          // No deadlock: every waiter was granted or aborted, and only if asked to.
          expect(grants.length + aborted.length).toBe(arrivals.length);
          for (const id of aborted) expect(arrivals[id]!.abortAfter).toBeDefined();
          // The rate bound over every window [t_i, t_j] between grants.
          for (let i = 0; i < grants.length; i++) {
            for (let j = i; j < grants.length; j++) {
              const windowMs = grants[j]!.at - grants[i]!.at;
              expect(j - i + 1).toBeLessThanOrEqual(burst + (rate * windowMs) / 1000 + 1e-6);
            }
          }
          // FIFO: grants follow call order.
          const order = grants.map((g) => calls.indexOf(g.id));
          expect(order).toEqual([...order].sort((x, y) => x - y));
          // Nothing is granted strictly inside a pause.
          for (const [from, to] of pausedSpans) {
            for (const { at } of grants) expect(at > from && at < to).toBe(false);
          }
          expect(clock.maxLive).toBeLessThanOrEqual(1);
          expect(clock.live).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
