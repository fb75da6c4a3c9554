import type { Cache, CacheEntry } from '@flotilla/core';
import type { KvNamespaceLike } from './cloudflare-types.js';

/** Options of {@link kvCache}. */
export interface KvCacheOptions {
  /** Default time to live of an entry, in milliseconds (default 1 hour). */
  ttlMs?: number;
  /** Prefix of every key this cache writes (default `'flotilla:'`); `clear()` removes only these. */
  prefix?: string;
  /** Wall clock in milliseconds since the epoch (default `Date.now`); inject a fake one in tests. */
  now?: () => number;
}

/** Defaults of {@link KvCacheOptions}. */
export const KV_CACHE_DEFAULTS = {
  /** Time to live of an entry, in milliseconds (1 hour). */
  ttlMs: 60 * 60_000,
  /** Prefix of every key the cache writes. */
  prefix: 'flotilla:',
} as const;

/** Workers KV refuses an `expirationTtl` under 60 seconds. */
export const KV_MIN_TTL_SECONDS = 60;

/** What is stored in KV: the entry plus its own expiry, checked on every read. */
interface StoredEntry extends CacheEntry {
  expiresAt: number;
}

/**
 * The core `Cache` interface over a Workers KV namespace: results survive
 * isolates and deploys and are shared by every location.
 *
 * TTL: KV cannot expire a key sooner than 60 seconds, so the KV expiry is
 * clamped up to 60 s; the entry also carries its exact expiry time, and `get`
 * ignores an entry past it. A TTL below 60 s is therefore honoured on reads,
 * while KV frees the storage at the 60 s mark at the earliest.
 *
 * KV is eventually consistent: a write is visible at once in the location
 * that made it, and within about 60 seconds elsewhere, which suits a cache (a
 * miss only costs a repeat execution). KV also allows about one write per
 * second to the same key; core's single-flight keeps duplicate work in one
 * isolate from writing twice. Keys are limited to 512 bytes (a cache key is
 * 64 hex characters plus the prefix). `clear()` lists and deletes the prefix
 * page by page: fine for tests and small caches, slow for millions of keys.
 *
 * @throws RangeError when `ttlMs` is not a finite number > 0.
 * @example
 * // wrangler.jsonc: "kv_namespaces": [{ "binding": "CACHE", "id": "<namespace id>" }]
 * const cache = kvCache(env.CACHE, { ttlMs: 24 * 60 * 60_000 });
 * await dispatch({ agent, inputs, cache });
 */
export function kvCache(namespace: KvNamespaceLike, options: KvCacheOptions = {}): Cache {
  const { ttlMs = KV_CACHE_DEFAULTS.ttlMs, prefix = KV_CACHE_DEFAULTS.prefix, now = Date.now } = options;
  checkTtl(ttlMs);
  return {
    async get(key) {
      const stored = (await namespace.get(prefix + key, 'json')) as StoredEntry | null;
      if (!stored || typeof stored !== 'object' || !(now() < stored.expiresAt)) return undefined;
      return { value: stored.value, costUsd: stored.costUsd, storedAt: stored.storedAt };
    },
    async set(key, entry, entryTtlMs = ttlMs) {
      checkTtl(entryTtlMs);
      const stored: StoredEntry = { value: entry.value, costUsd: entry.costUsd, storedAt: entry.storedAt, expiresAt: now() + entryTtlMs };
      await namespace.put(prefix + key, JSON.stringify(stored), { expirationTtl: kvExpirationTtl(entryTtlMs) });
    },
    async delete(key) {
      await namespace.delete(prefix + key);
    },
    async clear() {
      let cursor: string | undefined;
      do {
        const page = await namespace.list(cursor === undefined ? { prefix } : { prefix, cursor });
        await Promise.all(page.keys.map(({ name }) => namespace.delete(name)));
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor !== undefined);
    },
  };
}

/** The KV `expirationTtl` for a TTL in milliseconds: whole seconds, at least {@link KV_MIN_TTL_SECONDS}. */
export function kvExpirationTtl(ttlMs: number): number {
  return Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlMs / 1000));
}

function checkTtl(ttlMs: number): void {
  if (!(typeof ttlMs === 'number' && Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`ttlMs must be a finite number of milliseconds > 0, got ${String(ttlMs)}`);
  }
}
