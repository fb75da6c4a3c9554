import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache, CacheEntry } from '../cache/cache.js';
import { cacheKey } from '../cache/cache-key.js';

/** How {@link describeCacheConformance} builds and drives a cache under test. */
export interface CacheConformanceOptions {
  /**
   * Make a fresh, empty cache. `now` is a fake wall clock (milliseconds since
   * the epoch) that the cache should read for expiry when it can.
   */
  create(env: { now: () => number }): Cache | Promise<Cache>;
  /** Tear a cache down after each test (close connections, delete files). */
  destroy?(cache: Cache): Promise<void> | void;
  /**
   * Let `ms` milliseconds pass for the cache. The default advances the fake
   * clock given to `create`; a backend on real time passes a real sleep.
   */
  advance?(ms: number): Promise<void>;
  /** Shortest TTL the backend honours, in milliseconds (default 50). */
  ttlMs?: number;
  /** Set `false` for backends that cannot expire entries within a test (e.g. Workers KV, 60 s minimum). */
  expires?: boolean;
}

const entry = (value: unknown, costUsd = 0.01): CacheEntry => ({ value, costUsd, storedAt: 1_700_000_000_000 });

/**
 * Register the shared `Cache` conformance tests under `describe(name)`.
 * Every cache backend runs the same suite.
 *
 * @example
 * describeCacheConformance('memoryCache', { create: ({ now }) => memoryCache({ now }) });
 */
export function describeCacheConformance(name: string, options: CacheConformanceOptions): void {
  describe(`${name} (Cache conformance)`, () => {
    let time = 1_700_000_000_000;
    let cache: Cache;
    const now = () => time;
    const ttlMs = options.ttlMs ?? 50;
    const advance = options.advance ?? (async (ms: number) => void (time += ms));

    beforeEach(async () => {
      cache = await options.create({ now });
    });
    afterEach(async () => {
      await options.destroy?.(cache);
    });

    it('returns undefined for a key never set', async () => {
      expect(await cache.get('missing')).toBeUndefined();
    });

    it('returns what was set, value and cost and time alike', async () => {
      await cache.set('k', entry({ answer: 42 }, 0.25));
      expect(await cache.get('k')).toEqual(entry({ answer: 42 }, 0.25));
    });

    it('round-trips JSON values exactly', async () => {
      const values = [
        'plain',
        '',
        'unicode ✓ — 日本語 🚀 "quotes" \\ backslash\nnewline',
        0,
        -1.5e-7,
        Number.MAX_SAFE_INTEGER,
        true,
        false,
        null,
        [],
        [1, 'two', { three: [3] }],
        { nested: { deep: { list: [1, 2, { x: null }] } }, 'key with spaces': 'v', '': 'empty key' },
      ];
      await Promise.all(values.map((value, i) => cache.set(`json-${i}`, entry(value))));
      for (const [i, value] of values.entries()) {
        expect((await cache.get(`json-${i}`))?.value).toEqual(value);
      }
    });

    it('overwrites an existing key', async () => {
      await cache.set('k', entry('first'));
      await cache.set('k', entry('second'));
      expect((await cache.get('k'))?.value).toBe('second');
    });

    it('deletes a key, and deleting a missing key is fine', async () => {
      await cache.set('k', entry('v'));
      await cache.delete('k');
      await cache.delete('never-set');
      expect(await cache.get('k')).toBeUndefined();
    });

    it('keeps keys apart, including hex cache keys and odd characters', async () => {
      const keys = ['a', 'A', 'a:b', 'a/b', 'ünï', 'f'.repeat(64), '0'.repeat(64)];
      await Promise.all(keys.map((key) => cache.set(key, entry(key))));
      for (const key of keys) expect((await cache.get(key))?.value).toBe(key);
    });

    it('never answers an input with the entry of a different input whose JSON looks the same (1n / "1", Maps, NaN / null...)', async () => {
      const pairs: Array<[unknown, unknown]> = [
        [1n, '1'],
        [new Map([['a', 1]]), new Map([['b', 2]])],
        [new Set([1]), new Set([2])],
        [new Date(0), new Date(0).toISOString()],
        [Number.NaN, null],
        [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
        [{ a: undefined }, {}],
      ];
      for (const [index, [first, second]] of pairs.entries()) {
        const firstKey = cacheKey({ agent: `collide-${index}`, input: first });
        const secondKey = cacheKey({ agent: `collide-${index}`, input: second });
        await cache.set(firstKey, entry({ for: 'first' }));
        expect(await cache.get(secondKey)).toBeUndefined();
        expect(await cache.get(firstKey)).toEqual(entry({ for: 'first' }));
      }
    });

    it('takes many concurrent writes without losing one', async () => {
      await Promise.all(Array.from({ length: 100 }, (_, i) => cache.set(`c-${i}`, entry(i))));
      const values = await Promise.all(Array.from({ length: 100 }, (_, i) => cache.get(`c-${i}`)));
      expect(values.map((hit) => hit?.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    });

    it('clears every entry when it supports clear()', async () => {
      if (!cache.clear) return;
      await cache.set('a', entry(1));
      await cache.set('b', entry(2));
      await cache.clear();
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.get('b')).toBeUndefined();
    });

    if (options.expires !== false) {
      it('expires an entry after its TTL and never returns it again', async () => {
        await cache.set('short', entry('v'), ttlMs);
        expect((await cache.get('short'))?.value).toBe('v');
        await advance(ttlMs * 2 + 10);
        expect(await cache.get('short')).toBeUndefined();
        expect(await cache.get('short')).toBeUndefined();
      });

      it('keeps an entry before its TTL runs out', async () => {
        await cache.set('long', entry('v'), 60 * 60_000);
        await advance(ttlMs * 2 + 10);
        expect((await cache.get('long'))?.value).toBe('v');
      });

      it('gives a rewritten entry a fresh TTL', async () => {
        await cache.set('k', entry('old'), ttlMs);
        await advance(ttlMs * 2 + 10);
        await cache.set('k', entry('new'), 60 * 60_000);
        expect((await cache.get('k'))?.value).toBe('new');
      });
    }
  });
}
