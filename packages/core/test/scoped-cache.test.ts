import { describe, expect, it } from 'vitest';
import { describeCacheConformance } from '../src/testing.js';
import { dispatch, InvalidOptionsError, memoryCache, scopedCache, type Cache, type CacheEntry, type CacheLead } from '../src/index.js';

describeCacheConformance('scopedCache(memoryCache())', { create: ({ now }) => scopedCache(memoryCache({ now }), 'tenant-a') });

const entry = (value: unknown): CacheEntry => ({ value, costUsd: 0.01, storedAt: 0 });

describe('scopedCache', () => {
  it('keeps scopes apart over one backend, and leaves unscoped keys alone', async () => {
    const backend = memoryCache();
    const a = scopedCache(backend, 'a');
    const b = scopedCache(backend, 'b');
    await a.set('k', entry('for a'));
    await backend.set('k', entry('unscoped'));
    expect(await b.get('k')).toBeUndefined();
    expect((await a.get('k'))?.value).toBe('for a');
    expect((await backend.get('a/k'))?.value).toBe('for a');
    expect((await backend.get('k'))?.value).toBe('unscoped');
    await b.delete('k');
    await a.delete('k');
    expect(await a.get('k')).toBeUndefined();
    expect((await backend.get('k'))?.value).toBe('unscoped');
  });

  it('refuses a scope that could reach into another one (empty, or with "/")', () => {
    // With "a/b" allowed, key "x" of scope "a/b" would be key "b/x" of scope "a".
    for (const scope of ['', 'a/b', '/', undefined as unknown as string]) {
      expect(() => scopedCache(memoryCache(), scope)).toThrow(InvalidOptionsError);
    }
  });

  it('has no clear(), and passes the TTL through', async () => {
    let time = 0;
    const backend = memoryCache({ now: () => time });
    const scoped = scopedCache(backend, 's');
    expect(scoped.clear).toBeUndefined();
    await scoped.set('k', entry(1), 100);
    time = 101;
    expect(await scoped.get('k')).toBeUndefined();
  });

  it('keeps a backend’s cross-process single flight, on the scoped key', async () => {
    const leads: string[] = [];
    const backend: Cache = {
      ...memoryCache(),
      lead: async (key): Promise<CacheLead> => {
        leads.push(key);
        return { kind: 'lead', release: async () => undefined };
      },
    };
    const scoped = scopedCache(backend, 'tenant');
    expect(typeof scoped.lead).toBe('function');
    await scoped.lead!('k');
    expect(leads).toEqual(['tenant/k']);
    expect(scopedCache(memoryCache(), 'tenant').lead).toBeUndefined();
  });

  it('serves a dispatch: a second tenant runs its own agents, the same tenant hits its cache', async () => {
    const backend = memoryCache();
    let calls = 0;
    const agent = { name: 'echo', run: async (input: string) => (calls++, input.toUpperCase()) };
    await dispatch({ agent, inputs: ['x'], cache: scopedCache(backend, 'one') });
    const again = await dispatch({ agent, inputs: ['x'], cache: scopedCache(backend, 'one') });
    const other = await dispatch({ agent, inputs: ['x'], cache: scopedCache(backend, 'two') });
    expect(again.results[0]).toMatchObject({ ok: true, cached: true, value: 'X' });
    expect(other.results[0]).toMatchObject({ ok: true, cached: false, value: 'X' });
    expect(calls).toBe(2);
  });
});
