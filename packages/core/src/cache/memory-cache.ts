import type { Cache, CacheEntry } from './cache.js';
import { DEFAULT_CACHE_MAX_ENTRIES, DEFAULT_CACHE_TTL_MS } from '../defaults.js';
import { LruMap } from './lru-map.js';

/** Options of {@link memoryCache}. */
export interface MemoryCacheOptions {
  /** Time to live of an entry, in milliseconds (default 1 hour). */
  ttlMs?: number;
  /** Most entries kept; the least recently used is evicted first (default 10,000). */
  maxEntries?: number;
  /** Wall clock in milliseconds since the epoch, for tests (default `Date.now`). */
  now?: () => number;
}

/**
 * An in-process {@link Cache} with a time to live and a least-recently-used
 * bound. Values are kept by reference.
 *
 * `dispatch` keys the entries it stores here by the canonical text of the
 * work (agent, version, model, template, input) when that is at most 256
 * characters, and by its SHA-256 (what `cacheKey()` returns) when longer: only this
 * process reads a memory cache, so short keys need no hashing. The keys stay
 * injective either way.
 *
 * @example
 * const cache = memoryCache({ ttlMs: 10 * 60_000, maxEntries: 1000 });
 * await dispatch({ agent, inputs, cache });
 * await dispatch({ agent, inputs, cache }); // every item is a cache hit
 */
export function memoryCache(options: MemoryCacheOptions = {}): Cache {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  if (!(ttlMs > 0)) throw new RangeError(`memoryCache ttlMs must be > 0, got ${ttlMs}`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`memoryCache maxEntries must be an integer >= 1, got ${maxEntries}`);
  }
  const entries = new LruMap<string, CacheEntry>(maxEntries);
  const sync: SyncCache = {
    get: (key) => entries.get(key, now()),
    set(key, entry, ttl = ttlMs) {
      entries.set(key, entry, now() + ttl);
    },
  };

  const cache: Cache = {
    get: async (key) => sync.get(key),
    set: async (key, entry, ttl) => sync.set(key, entry, ttl),
    async delete(key) {
      entries.delete(key);
    },
    async clear() {
      entries.clear();
    },
  };
  SYNC.set(cache, sync);
  return cache;
}

/** The synchronous side of a {@link memoryCache}: the same entries, without a promise per call. */
export interface SyncCache {
  get(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry, ttlMs?: number): void;
}

const SYNC = new WeakMap<Cache, SyncCache>();

/**
 * The synchronous side of `cache` when it is a {@link memoryCache}. The
 * scheduler uses it so that the default cache costs no promises on the path
 * of every item; any other cache goes through its async interface.
 */
export function syncCacheOf(cache: Cache): SyncCache | undefined {
  return SYNC.get(cache);
}
