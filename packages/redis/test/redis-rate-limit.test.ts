import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRateLimiterConformance } from '@flotilla/core/testing';
import { redisRateLimit } from '../src/index.js';
import { client, countKeys, deleteKeys, testPrefix } from './support/redis.js';

const prefix = testPrefix('weighted-rate');
const redis = client();
let n = 0;
const key = () => `${prefix}:${n++}`;

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describeRateLimiterConformance('redisRateLimit', {
  create: (quotas) => redisRateLimit({ redis, key: key(), ...quotas }),
  realTime: { windowMs: 1000 },
});

describe('redisRateLimit', () => {
  it('rejects quotas and windows that make no sense with a RangeError naming the option', () => {
    expect(() => redisRateLimit({ redis, key: key() })).toThrow(/requestsPerMinute, tokensPerMinute or both/);
    expect(() => redisRateLimit({ redis, key: key(), tokensPerMinute: 0 })).toThrow(/tokensPerMinute must be an integer >= 1/);
    expect(() => redisRateLimit({ redis, key: key(), requestsPerMinute: 1, windowMs: Number.NaN })).toThrow(/windowMs must be/);
  });

  it('property: clients on separate connections together never exceed the quotas in any window (server clock)', async () => {
    const clients = [redis, client(), client()];
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ who: fc.integer({ min: 0, max: 2 }), tokens: fc.integer({ min: 0, max: 400 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), {
            minLength: 5,
            maxLength: 25,
          }),
          async (calls) => {
            const name = key();
            const windowMs = 200;
            const [rpm, tpm] = [4, 600];
            const limiters = clients.map((c) => redisRateLimit({ redis: c, key: name, requestsPerMinute: rpm, tokensPerMinute: tpm, windowMs }));
            const grants: { at: number; tokens: number }[] = [];
            await Promise.all(
              calls.map(async ({ who, tokens, share }) => {
                const permit = await limiters[who]!.acquire(undefined, tokens);
                const actual = Math.floor(tokens * share);
                grants.push({ at: permit.grantedAt, tokens: actual });
                permit.reconcile(actual);
              }),
            );
            for (const last of grants) {
              const inWindow = grants.filter((g) => g.at > last.at - windowMs && g.at <= last.at);
              expect(inWindow.length).toBeLessThanOrEqual(rpm);
              expect(inWindow.reduce((sum, g) => sum + g.tokens, 0)).toBeLessThanOrEqual(tpm);
            }
          },
        ),
        { numRuns: 8 },
      );
    } finally {
      for (const c of clients.slice(1)) c.disconnect();
    }
  });

  it('a large request in one process is not starved by a stream of small ones from another', async () => {
    const name = key();
    const other = client();
    const windowMs = 500;
    const quotas = { tokensPerMinute: 1000, windowMs, marginMs: 0 };
    const small = redisRateLimit({ redis, key: name, ...quotas });
    const large = redisRateLimit({ redis: other, key: name, ...quotas });
    try {
      // One process keeps the window full with 100-token requests, one every 50 ms ...
      let streaming = true;
      const stream = (async () => {
        while (streaming) {
          const tick = new Promise((resolve) => setTimeout(resolve, 50));
          await small.acquire(undefined, 100);
          await tick;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      // ... while the other asks for 900: without its claim, every 100 that leaves the window would go to the stream again.
      const asked = Date.now();
      const granted = large.acquire(undefined, 900).then(() => Date.now() - asked);
      const waited = await Promise.race([granted, new Promise((resolve) => setTimeout(() => resolve('starved'), 6 * windowMs))]);
      streaming = false;
      await stream;
      await granted;
      expect(waited).toBeLessThan(2 * windowMs);
    } finally {
      other.disconnect();
    }
  });

  it('leaves no keys behind once the window is idle', async () => {
    const name = key();
    const limiter = redisRateLimit({ redis, key: name, tokensPerMinute: 100, windowMs: 50 });
    (await limiter.acquire(undefined, 10)).reconcile(5);
    expect(await countKeys(redis, name)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(await countKeys(redis, name)).toBe(0);
  });
});
