import { DEFAULT_CACHE_MAX_ENTRIES, DEFAULT_CACHE_TTL_MS, memoryCache, type Cache, type CacheEntry } from '@flotilla/core';
import {
  errorName,
  openFailedReason,
  operationFailedReason,
  unavailableReason,
  type FallbackReason,
} from './fallback-reason.js';
import { IdbLruStore, StoreOpenError, type OpenStore } from './idb-lru-store.js';
import { UncloneableValueError } from './uncloneable-value-error.js';

/** Options of {@link indexedDbCache}; every field has a default in {@link INDEXED_DB_CACHE_DEFAULTS}. */
export interface IndexedDbCacheOptions {
  /** IndexedDB database name (default `'flotilla'`). Give each cache its own database. */
  dbName?: string;
  /** Object store name inside the database (default `'cache'`). */
  storeName?: string;
  /** Time to live of an entry, in milliseconds (default 1 hour). */
  ttlMs?: number;
  /** Most entries kept; the least recently used is evicted first (default 10,000). */
  maxEntries?: number;
  /** Wall clock in milliseconds since the epoch, for tests (default `Date.now`). Expiry survives reloads, so it must be wall time. */
  now?: () => number;
  /**
   * Called once when the cache moves to memory, with a stable code and a
   * message that says what to do. Results keep flowing either way.
   */
  onFallback?: (reason: FallbackReason) => void;
}

/** Where an {@link IndexedDbCache} keeps new entries right now. */
export type IndexedDbCacheStatus = 'indexeddb' | 'memory';

/**
 * A core `Cache` in IndexedDB that says where it stores and can release its connection.
 *
 * @example
 * ```ts
 * const cache = indexedDbCache({ dbName: 'my-app', ttlMs: 24 * 3_600_000 });
 * const run = await dispatch({ agent, inputs, cache });
 * if (cache.status === 'memory') showBanner('results will not survive a reload'); // storage blocked or full
 * window.addEventListener('pagehide', () => void cache.close());
 * ```
 */
export interface IndexedDbCache extends Cache {
  /** `'indexeddb'` until a failure moves new entries to memory, then `'memory'` for the rest of its life. */
  readonly status: IndexedDbCacheStatus;
  /** Why the cache moved to memory, or `undefined` while it uses IndexedDB. */
  readonly fallbackReason: FallbackReason | undefined;
  /** Remove every entry, in IndexedDB and in memory. */
  clear(): Promise<void>;
  /** Close the database connection (the next operation reopens it). */
  close(): Promise<void>;
}

/** The defaults of {@link indexedDbCache}, in one place. */
export const INDEXED_DB_CACHE_DEFAULTS = Object.freeze({
  /** The IndexedDB database. */
  dbName: 'flotilla',
  /** The object store inside it. */
  storeName: 'cache',
  /** Time to live of an entry, in milliseconds (1 hour, as core's memory cache). */
  ttlMs: DEFAULT_CACHE_TTL_MS,
  /** Most entries kept (10,000, as core's memory cache). */
  maxEntries: DEFAULT_CACHE_MAX_ENTRIES,
});

/**
 * A durable core `Cache` in the browser's IndexedDB (through idb-keyval), so a
 * page reload does not pay again for work it already did. Entries expire after
 * `ttlMs`, the least recently used go first beyond `maxEntries`, and values are
 * stored as structured clones (plain data, `Date`, `Map`, typed arrays).
 *
 * It fails soft: where IndexedDB is missing or cannot be opened, or a write hits
 * the storage quota, it keeps working in memory, sets `status` to `'memory'` and
 * calls `onFallback` with the reason. It never throws for those; entries already
 * in IndexedDB stay readable after a quota error.
 *
 * @example
 * import { dispatch } from '@flotilla/core';
 * import { indexedDbCache } from '@flotilla/browser';
 *
 * const cache = indexedDbCache({
 *   ttlMs: 24 * 60 * 60_000,
 *   onFallback: (reason) => console.warn(`results will not survive a reload: ${reason.message}`),
 * });
 * const run = await dispatch({ agent, inputs, cache }); // after a reload: run.stats.agentCalls === 0
 */
export function indexedDbCache(options: IndexedDbCacheOptions = {}): IndexedDbCache {
  return createIndexedDbCache(options);
}

/** {@link indexedDbCache} with the way the store is opened made replaceable, for tests. */
export function createIndexedDbCache(options: IndexedDbCacheOptions, openStore?: OpenStore): IndexedDbCache {
  const { dbName, storeName, ttlMs, maxEntries } = { ...INDEXED_DB_CACHE_DEFAULTS, ...withoutUndefined(options) };
  validate(dbName, storeName, ttlMs, maxEntries);
  const now = options.now ?? Date.now;
  const memory = memoryCache({ ttlMs, maxEntries, now });
  // The IndexedDB store while it can be read; writes go to it only while `reason` is unset.
  let durable: IdbLruStore | undefined;
  let reason: FallbackReason | undefined;

  // Stop reading IndexedDB too, and release the connection so that it blocks no other tab.
  const drop = (): void => {
    void durable?.close().catch(() => undefined);
    durable = undefined;
  };
  const report = (next: FallbackReason): void => {
    try {
      options.onFallback?.(next);
    } catch (error) {
      // A faulty listener must not break caching; report it as an event listener's error would be.
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  const failed = (error: unknown): void => {
    const next = error instanceof StoreOpenError
      ? openFailedReason(dbName, storeName, error.cause)
      : operationFailedReason(error);
    // After a quota error, what IndexedDB holds stays readable.
    if (next.code !== 'quota_exceeded') drop();
    if (reason) return;
    reason = next;
    report(next);
  };

  if (typeof indexedDB === 'undefined') {
    const unavailable = unavailableReason();
    reason = unavailable;
    // Reported on the next microtask, so `onFallback` may already use the returned cache.
    queueMicrotask(() => report(unavailable));
  } else {
    durable = new IdbLruStore(dbName, storeName, maxEntries, openStore);
    // Open now, so `status` and `onFallback` tell the truth before the first dispatch.
    durable.connect().catch(failed);
  }
  const writable = () => durable !== undefined && reason === undefined;

  return {
    get status() {
      return reason ? 'memory' : 'indexeddb';
    },
    get fallbackReason() {
      return reason;
    },

    async get(key) {
      const at = now();
      if (writable()) {
        try {
          return await durable!.get(key, at);
        } catch (error) {
          failed(error);
        }
      }
      const hit = await memory.get(key);
      if (hit || !durable) return hit;
      try {
        return await durable.peek(key, at);
      } catch (error) {
        failed(error);
        drop();
        return undefined;
      }
    },

    async set(key: string, entry: CacheEntry, ttl = ttlMs) {
      if (writable()) {
        try {
          return await durable!.set(key, entry, ttl, now());
        } catch (error) {
          if (errorName(error) === 'DataCloneError') throw new UncloneableValueError(key, error);
          failed(error);
        }
      }
      await memory.set(key, entry, ttl);
    },

    async delete(key) {
      await memory.delete(key);
      try {
        await durable?.delete(key);
      } catch (error) {
        // A key that could not be deleted must not be read back later.
        failed(error);
        drop();
      }
    },

    async clear() {
      await memory.clear?.();
      try {
        await durable?.clear();
      } catch (error) {
        failed(error);
        drop();
      }
    },

    async close() {
      await durable?.close();
    },
  };
}

function validate(dbName: string, storeName: string, ttlMs: number, maxEntries: number): void {
  if (!dbName || !storeName) throw new RangeError('indexedDbCache dbName and storeName must be non-empty strings');
  if (!(ttlMs > 0)) throw new RangeError(`indexedDbCache ttlMs must be > 0 milliseconds, got ${ttlMs}`);
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`indexedDbCache maxEntries must be an integer >= 1, got ${maxEntries}`);
  }
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
