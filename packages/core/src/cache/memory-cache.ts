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
 * `dispatch` keeps the entries it stores here in a key space per piece of
 * work (agent, version, model, template), keyed by the input's short form
 * (see `RunCache`): only this process reads a memory cache, so keys need no
 * hashing, and they stay injective. Such entries are not reachable through
 * `get`/`set` with a `cacheKey()`; they share the capacity and the LRU order
 * with entries stored that way.
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
  const entries = new LruMap<unknown, CacheEntry>(maxEntries);
  const scopes = new Map<string, SyncScope>();
  const sync: SyncCache = {
    get: (key) => entries.get(key, now()),
    set(key, entry, ttl = ttlMs) {
      entries.set(key, entry, now() + ttl);
    },
    scope(work) {
      let scope = scopes.get(work);
      if (!scope) {
        const space = entries.space();
        scope = {
          get: (key) => entries.get(key, now(), space),
          set(key, entry) {
            entries.set(key, entry, now() + ttlMs, space);
          },
        };
        scopes.set(work, scope);
      }
      return scope;
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
  /**
   * The key space of one piece of work (`work`: its canonical text), the
   * same one for the same text. Its keys are a number or a string, compared
   * as a `Map` compares them, and never meet the keys of `get`/`set` or of
   * another work.
   */
  scope(work: string): SyncScope;
}

/** One piece of work's entries in a {@link memoryCache}. */
export interface SyncScope {
  get(key: number | string): CacheEntry | undefined;
  set(key: number | string, entry: CacheEntry): void;
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
