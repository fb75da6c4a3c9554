/**
 * A key-value store for agent results, keyed by the cache key of the work.
 * Implementations: `memoryCache` (core), `sqliteCache` (@flotilla/node),
 * `indexedDbCache` (@flotilla/browser), `kvCache` (@flotilla/edge).
 * Every implementation passes the conformance suite in `@flotilla/core/testing`.
 *
 * @example
 * ```ts
 * // A backend is one object with get, set and delete; this one keeps entries in a Map.
 * const entries = new Map<string, CacheEntry>();
 * const mapCache: Cache = {
 *   get: async (key) => entries.get(key),
 *   set: async (key, entry) => void entries.set(key, entry),
 *   delete: async (key) => void entries.delete(key),
 * };
 * const run = await dispatch({ agent, inputs, cache: mapCache });
 * ```
 */
export interface Cache {
  /** The stored entry for `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Store `entry` under `key`; `ttlMs` overrides the cache's default time to live. */
  set(key: string, entry: CacheEntry, ttlMs?: number): Promise<void>;
  /** Remove `key` if present. */
  delete(key: string): Promise<void>;
  /** Remove every entry, where the backend supports it. */
  clear?(): Promise<void>;
  /**
   * Optional single flight across processes (e.g. `redisCache`): resolves
   * with the entry when another process did the work (the caller runs
   * nothing), or with a lead: the caller runs the work, stores the value,
   * then calls `release()`, also on failure. `signal` stops the wait.
   * Without it, single flight is per process.
   */
  lead?(key: string, options?: { signal?: AbortSignal }): Promise<CacheLead>;
}

/** What {@link Cache.lead} decided. */
export type CacheLead =
  | {
      /** Another process finished the work: use `entry`. */
      kind: 'hit';
      /** The stored entry. */
      entry: CacheEntry;
    }
  | {
      /** This caller does the work. */
      kind: 'lead';
      /** Let other processes go on; call after the value is stored, or after a failure. */
      release(): Promise<void>;
    };

/** What a cache stores for one piece of work: its value and what it cost. */
export interface CacheEntry {
  /** The agent's successful value (JSON-compatible for durable caches). */
  value: unknown;
  /** What the original execution cost, in USD (a cache hit itself costs nothing). */
  costUsd: number;
  /** When the value was stored, in milliseconds since the Unix epoch. */
  storedAt: number;
}
