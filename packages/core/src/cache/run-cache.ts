import type { Cache, CacheEntry, CacheLead } from './cache.js';
import { cacheKeyFor, memoryKeyOf, workText } from './cache-key.js';
import type { CacheKeyParts } from './cache-key.js';
import { UncacheableValueError } from './canonical-key.js';
import { toResultError } from '../errors.js';
import { syncCacheOf, type SyncScope } from './memory-cache.js';
import { PassedEntry } from './screened-entries.js';

/**
 * The key of one item in its run's cache: a hex SHA-256 string, or in a
 * memory cache the input's short form within the run's key space (see
 * `memoryKeyOf`).
 */
export type RunKey = number | string;

/** What {@link RunCache} needs from its run. */
export interface RunCacheContext {
  /** What, besides the input, makes two pieces of work identical. */
  work: Omit<CacheKeyParts, 'input'>;
  /** The run's stop signal; a wait for a cross-process lead ends with it. */
  signal: AbortSignal;
  /** Whether the run has stopped. */
  stopped(): boolean;
  /** Report a cache failure, or an input that runs uncached; the run goes on without the cache for that item. */
  warn(code: 'cache_error' | 'uncacheable_input', message: string): void;
}

/**
 * The cache as one run uses it: keys of the run's work, a failing cache
 * read as a miss and reported (never a failed item), and a memory cache
 * (the default) read and written at once, without a promise per item.
 */
export class RunCache {
  /** The run's key space, when the cache is a memory cache. */
  private readonly sync: SyncScope | undefined;
  private readonly key: (input: unknown) => RunKey;
  private warnedUncacheable = false;

  constructor(
    private readonly cache: Cache,
    private readonly run: RunCacheContext,
  ) {
    this.sync = syncCacheOf(cache)?.scope(workText(run.work));
    this.key = this.sync ? memoryKeyOf : cacheKeyFor(run.work);
  }

  /**
   * The cache key of `input` under this run's agent and template, or
   * `undefined` when the key encoding cannot represent the input faithfully:
   * that item runs uncached (one `uncacheable_input` warning per run).
   */
  keyOf(input: unknown): RunKey | undefined {
    try {
      return this.key(input);
    } catch (error) {
      if (!(error instanceof UncacheableValueError)) throw error;
      if (!this.warnedUncacheable) {
        this.warnedUncacheable = true;
        this.run.warn('uncacheable_input', `an input ran uncached because ${error.reason}; inputs of this shape never share a cache entry`);
      }
      return undefined;
    }
  }

  /** The entry of `key`: at once from a memory cache, else through a promise. */
  get(key: RunKey): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    // Only a memory cache has number keys: every other cache's key is a hex string.
    return this.sync ? this.sync.get(key) : this.read(String(key));
  }

  /**
   * Store `value` under `key`: at once in a memory cache (`undefined`), else
   * through a promise. `passed`: the input passed the injection check
   * unredacted, so a later hit of this entry here may skip it.
   */
  set(key: RunKey, value: unknown, costUsd: number, passed: boolean): Promise<void> | undefined {
    const entry: CacheEntry = passed ? new PassedEntry(value, costUsd, Date.now()) : { value, costUsd, storedAt: Date.now() };
    if (!this.sync) return this.write(String(key), entry);
    this.sync.set(key, entry);
    return undefined;
  }

  /** Whether the cache coordinates processes (it has `lead`). */
  get coordinates(): boolean {
    return this.cache.lead !== undefined;
  }

  /**
   * Ask a cache that coordinates processes who does the work: another
   * process's entry, a lead for this one, `'stopped'` when the run stopped
   * while waiting, or `undefined` when the cache failed (the work runs anyway).
   */
  async lead(key: RunKey): Promise<CacheLead | 'stopped' | undefined> {
    try {
      return await this.cache.lead!(String(key), { signal: this.run.signal });
    } catch (error) {
      if (this.run.stopped()) return 'stopped';
      this.run.warn('cache_error', `cache lead failed, running the agent without cross-process single flight: ${toResultError(error).message}`);
      return undefined;
    }
  }

  private async read(key: string): Promise<CacheEntry | undefined> {
    try {
      return await this.cache.get(key);
    } catch (error) {
      this.run.warn('cache_error', `cache read failed, running the agent instead: ${toResultError(error).message}`);
      return undefined;
    }
  }

  private async write(key: string, entry: CacheEntry): Promise<void> {
    try {
      await this.cache.set(key, entry);
    } catch (error) {
      this.run.warn('cache_error', `cache write failed; the result is kept but not cached: ${toResultError(error).message}`);
    }
  }
}
