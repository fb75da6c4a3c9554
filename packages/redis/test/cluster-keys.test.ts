import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisCache, redisCircuitBreaker, redisLedger, redisRateLimiter } from '../src/index.js';
import { deleteKeys, REDIS_URL, testPrefix } from './support/redis.js';

const prefix = testPrefix('cluster-keys');

/** The hash tag Redis Cluster hashes `key` by: the text inside the first `{...}` when non-empty, else the whole key. */
function hashSlotText(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}

/** A real client whose script calls (EVALSHA and EVAL) are recorded with their keys. */
function recordingClient(): { redis: Redis; calls: string[][] } {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const calls: string[][] = [];
  for (const method of ['evalsha', 'eval'] as const) {
    const original = redis[method].bind(redis) as (...args: unknown[]) => Promise<unknown>;
    (redis as unknown as Record<string, unknown>)[method] = (script: string, numKeys: number, ...rest: unknown[]) => {
      calls.push(rest.slice(0, Number(numKeys)).map(String));
      return original(script, numKeys, ...rest);
    };
  }
  return { redis, calls };
}

const { redis, calls } = recordingClient();
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('Redis Cluster safety', () => {
  it('every Lua script of the ledger, rate limiter, cache and circuit breaker touches keys of one hash tag, so it runs on one Cluster slot', async () => {
    const ledger = redisLedger({ redis, key: `${prefix}:budget`, capUsd: 1 });
    const a = await ledger.reserve(0.1);
    await ledger.extend(a!, 0.05);
    await ledger.renew(a!);
    await ledger.commit(a!, 0.1);
    await ledger.release((await ledger.reserve(0.1))!);
    await ledger.snapshot();
    ledger.close();

    const limiter = redisRateLimiter({ redis, key: `${prefix}:rate`, requestsPerSecond: 100, burst: 5 });
    await limiter.acquireAt();
    limiter.pause(1);

    const cache = redisCache({ redis, prefix: `${prefix}:cache` });
    const lead = await cache.lead('work-1', { lockMs: 60 });
    expect(lead.kind).toBe('lead');
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the lock renew once
    if (lead.kind === 'lead') await lead.release();

    const circuit = redisCircuitBreaker({ redis, key: `${prefix}:circuit`, consecutiveFailures: 2, halfOpenAfterMs: 1_000 });
    await circuit.ready();
    const permit = circuit.tryAcquire();
    if (permit.allowed) permit.done(false);
    else throw new Error("a fresh circuit refused its first call");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await circuit.close();

    // Every policy ran at least one script, and each script's keys share one non-empty hash tag.
    expect(calls.length).toBeGreaterThanOrEqual(10);
    expect(calls.filter((keys) => keys.length > 1).length).toBeGreaterThanOrEqual(8);
    for (const keys of calls) {
      expect(keys.length).toBeGreaterThan(0);
      const tags = new Set(keys.map(hashSlotText));
      expect({ keys, tags: [...tags] }).toEqual({ keys, tags: [hashSlotText(keys[0]!)] });
      // A script of one key is on one slot anyway; several keys need the braces.
      if (keys.length > 1) expect(keys[0]).toMatch(/\{[^}]+\}/);
    }
  });
});
