import { afterAll, describe, expect, it } from 'vitest';
import { AbortedError, sleep } from '@flotilla/core';
import { describeCacheConformance } from '@flotilla/core/testing';
import { redisCache, RedisUnavailableError, type RedisCache } from '../src/index.js';
import { client, countKeys, deleteKeys, testPrefix } from './support/redis.js';

const prefix = testPrefix('cache');
const redis = client();
let n = 0;
const cachePrefix = () => `${prefix}:${n++}`;
const entry = (value: unknown) => ({ value, costUsd: 0.01, storedAt: 1_700_000_000_000 });

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describeCacheConformance('redisCache', {
  create: () => redisCache({ redis, prefix: cachePrefix(), ttlMs: 60_000 }),
  destroy: (cache) => (cache as RedisCache).clear(),
  // Redis keeps real time (PX TTLs), so time passes for real.
  advance: (ms) => sleep(ms),
  ttlMs: 50,
});

describe('redisCache', () => {
  it('shares entries between clients and lets Redis expire them (no key left behind)', async () => {
    const name = cachePrefix();
    const other = client();
    const a = redisCache({ redis, prefix: name, ttlMs: 80 });
    const b = redisCache({ redis: other, prefix: name, ttlMs: 80 });
    await a.set('k', entry('shared'));
    expect((await b.get('k'))?.value).toBe('shared');
    await sleep(150);
    expect(await countKeys(redis, name)).toBe(0);
    other.disconnect();
  });

  it('clear() removes only its own prefix', async () => {
    const mine = redisCache({ redis, prefix: cachePrefix() });
    const theirs = redisCache({ redis, prefix: cachePrefix() });
    await mine.set('k', entry(1));
    await theirs.set('k', entry(2));
    await mine.clear();
    expect(await mine.get('k')).toBeUndefined();
    expect((await theirs.get('k'))?.value).toBe(2);
  });

  it('lead(): one caller leads, the others wait and get its value without running', async () => {
    const name = cachePrefix();
    const clients = [redis, client(), client()];
    const caches = clients.map((c) => redisCache({ redis: c, prefix: name }));
    let runs = 0;
    const outcomes = await Promise.all(
      caches.map(async (cache) => {
        const lead = await cache.lead('work');
        if (lead.kind === 'hit') return lead.entry.value;
        runs++;
        await sleep(100);
        await cache.set('work', entry('computed once'));
        await lead.release();
        return 'led';
      }),
    );
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o === 'led')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'computed once')).toHaveLength(2);
    for (const c of clients.slice(1)) c.disconnect();
  });

  it('lead(): a leader that fails and releases hands the work to a follower', async () => {
    const cache = redisCache({ redis, prefix: cachePrefix() });
    const first = await cache.lead('k');
    expect(first).toMatchObject({ kind: 'lead', locked: true });
    const second = cache.lead('k');
    await sleep(50);
    if (first.kind === 'lead') await first.release(); // failed: nothing stored
    expect(await second).toMatchObject({ kind: 'lead', locked: true });
  });

  it('lead(): a crashed holder’s lock expires after lockMs, and a live holder keeps renewing it', async () => {
    const name = cachePrefix();
    // A lock left by a dead process (set by hand: nobody renews it).
    await redis.set(`${name}:lock:k`, 'dead-token', 'PX', 150);
    const cache = redisCache({ redis, prefix: name });
    const started = Date.now();
    const lead = await cache.lead('k', { lockMs: 150 });
    expect(lead.kind).toBe('lead');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    // Held for 3x lockMs: the renewal keeps followers out.
    await sleep(450);
    const follower = await cache.lead('k', { lockMs: 150, maxWaitMs: 50 });
    expect(follower).toMatchObject({ kind: 'lead', locked: false });
    if (lead.kind === 'lead') await lead.release();
  });

  it('lead(): a re-read that fails after the lock was taken releases the lock instead of holding it with nobody working', async () => {
    const name = cachePrefix();
    let reads = 0;
    // The second GET (the re-read after SET NX) fails, as on a connection that drops.
    const flaky = new Proxy(redis, {
      get: (target, property) => (property === 'get' ? (key: string) => (++reads === 2 ? Promise.reject(new Error('connection lost')) : target.get(key)) : Reflect.get(target, property, target)),
    });
    const cache = redisCache({ redis: flaky, prefix: name });
    await expect(cache.lead('k', { lockMs: 150 })).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(await redis.exists(`${name}:lock:k`)).toBe(0);
    // Nobody renews it: past lockMs the key is still gone and another caller leads at once.
    await sleep(300);
    expect(await redis.exists(`${name}:lock:k`)).toBe(0);
    expect(await redisCache({ redis, prefix: name }).lead('k', { lockMs: 150, maxWaitMs: 0 })).toMatchObject({ kind: 'lead', locked: true });
  });

  it('lead() stops waiting when its signal aborts', async () => {
    const cache = redisCache({ redis, prefix: cachePrefix() });
    const held = await cache.lead('k');
    const controller = new AbortController();
    const waiting = cache.lead('k', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    if (held.kind === 'lead') await held.release();
  });

  it('fails with RedisUnavailableError when Redis cannot be reached', async () => {
    const down = client({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    const cache = redisCache({ redis: down, prefix: cachePrefix() });
    await expect(cache.get('k')).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(cache.set('k', entry(1))).rejects.toBeInstanceOf(RedisUnavailableError);
    down.disconnect();
  });
});
