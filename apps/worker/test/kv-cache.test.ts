import { describeCacheConformance } from '@flotilla/core/testing';
import { kvCache, kvExpirationTtl } from '@flotilla/edge';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { postDispatch } from './support/api.js';
import { KEYS } from './support/bindings.js';

// A fresh prefix per test keeps them apart in the one KV namespace. Expiry is
// checked on read against the fake clock, so even the TTL tests run (KV itself
// would keep the key for at least 60 s).
describeCacheConformance('kvCache on Workers KV (workerd)', {
  create: ({ now }) => kvCache(env.CACHE, { prefix: `conformance:${crypto.randomUUID()}:`, now }),
  destroy: (cache) => cache.clear?.(),
});

describe('kvCache', () => {
  it('clamps the KV expiry up to 60 s and still hides the entry after its shorter TTL', async () => {
    let time = Date.now();
    const prefix = `ttl:${crypto.randomUUID()}:`;
    const cache = kvCache(env.CACHE, { prefix, now: () => time });
    await cache.set('k', { value: 'v', costUsd: 0, storedAt: time }, 5_000);
    const listed = await env.CACHE.list({ prefix });
    const expiration = listed.keys[0]!.expiration!;
    expect(expiration * 1000 - Date.now()).toBeGreaterThan(55_000);
    expect(kvExpirationTtl(5_000)).toBe(60);
    expect(kvExpirationTtl(90_500)).toBe(91);
    expect((await cache.get('k'))?.value).toBe('v');
    time += 5_001;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('serves a repeated dispatch from KV, across requests, without running or paying again', async () => {
    const body = { agent: 'sentiment', inputs: [`cache ${crypto.randomUUID()} is great`, `cache ${crypto.randomUUID()} is bad`] };
    const first = (await (await postDispatch(KEYS.cache, body)).json()) as any;
    expect(first.results.map((r: any) => r.cached)).toEqual([false, false]);
    expect(first.stats.costUsd).toBeGreaterThan(0);
    const stored = await env.CACHE.list({ prefix: 'flotilla:' });
    expect(stored.keys.length).toBeGreaterThanOrEqual(2);

    const second = (await (await postDispatch(KEYS.cache, body)).json()) as any;
    expect(second.results.map((r: any) => r.cached)).toEqual([true, true]);
    expect(second.results.map((r: any) => r.value)).toEqual(first.results.map((r: any) => r.value));
    expect(second.stats).toMatchObject({ agentCalls: 0, costUsd: 0, cached: 2 });
  });

  it('keeps each API key in its own cache scope', async () => {
    const body = { agent: 'summarize', inputs: [`scoped ${crypto.randomUUID()}. Tail.`] };
    await postDispatch(KEYS.cache, body);
    const other = (await (await postDispatch(KEYS.clamp, body)).json()) as any;
    expect(other.results[0].cached).toBe(false);
  });
});
