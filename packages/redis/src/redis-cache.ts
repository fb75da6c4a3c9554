import { randomUUID } from 'node:crypto';
import { sleep, DEFAULT_CACHE_TTL_MS, type Cache, type CacheEntry } from '@flotilla/core';
import type { Redis } from 'ioredis';
import { redisFailure } from './errors.js';
import { redisScript } from './redis-script.js';

/** Options of {@link redisCache}. */
export interface RedisCacheOptions {
  /** An ioredis client. The cache never closes it. */
  redis: Redis;
  /** Prefix of every key this cache writes, e.g. `'flotilla:cache'` (entries live at `<prefix>:v:<key>`). */
  prefix: string;
  /** Time to live of an entry, in milliseconds (default 1 hour). Redis expires entries itself (PX). */
  ttlMs?: number;
}

/** Options of {@link RedisCache.lead}. */
export interface LeadOptions {
  /** Stops waiting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Time to live of the lock, in milliseconds (default 10 000). The holder
   * renews it every `lockMs / 3` until it releases, so a crashed holder frees
   * the key `lockMs` after its last renewal.
   */
  lockMs?: number;
  /** Longest a follower waits for the leader's value before running the work itself, in milliseconds (default 10 minutes). */
  maxWaitMs?: number;
}

/** What {@link RedisCache.lead} decided. */
export type Lead =
  /** Another process finished the work (or it was cached already): use `entry`, run nothing. */
  | {
      /** Another process did the work. */
      kind: 'hit';
      /** The stored entry. */
      entry: CacheEntry;
    }
  /**
   * This caller runs the work: store the value with `set` on success, then
   * `release()` (always, also on failure, so a follower may take over).
   */
  | {
      /** This caller does the work. */
      kind: 'lead';
      /** `false` when the wait for another holder timed out (`maxWaitMs`) and this caller goes ahead without the lock. */
      locked: boolean;
      /** Let other processes go on; call after the value is stored, or after a failure. */
      release(): Promise<void>;
    };

/** A core `Cache` on Redis, with cross-process single flight. */
export interface RedisCache extends Cache {
  /**
   * Cross-process single flight for `key`: resolves with the cached entry,
   * or with the lead when this caller should do the work. While another
   * process holds the lock, followers poll for the value with backoff
   * (25 ms doubling to 1 s), so two machines never pay for the same work at
   * the same moment.
   */
  lead(key: string, options?: LeadOptions): Promise<Lead>;
  /** Remove every entry under this prefix (SCAN + UNLINK; locks are left to expire). */
  clear(): Promise<void>;
}

/** Defaults of {@link LeadOptions}. */
export const LEAD_DEFAULTS = Object.freeze({
  /** Time to live of the lock, in milliseconds; the holder renews it while it works. */
  lockMs: 10_000,
  /** Longest a follower waits for the leader's value, in milliseconds. */
  maxWaitMs: 10 * 60_000,
});

const RENEW_LOCK = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
const RELEASE_LOCK = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A core `Cache` on Redis: entries are JSON strings with a Redis-side TTL
 * (`PX`), so every process and machine sees the same results and expired
 * entries take no memory. Values must be JSON-compatible.
 *
 * `lead(key)` adds single flight across processes with a short lock key
 * (`<prefix>:lock:<key>`, `SET NX PX`, renewed while held): the first caller
 * runs the work, the others wait for its value. The distributed workers of
 * `createWorker` use it around every job; a plain `dispatch` uses the cache
 * through the core `Cache` interface (its single flight is per process).
 *
 * @example
 * const cache = redisCache({ redis, prefix: 'flotilla:cache', ttlMs: 24 * 3_600_000 });
 * await dispatch({ agent, inputs, cache }); // every machine shares the results
 */
export function redisCache(options: RedisCacheOptions): RedisCache {
  const { redis, prefix } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`redisCache ttlMs must be > 0 (milliseconds), got ${String(ttlMs)}`);
  if (!prefix) throw new RangeError('redisCache needs a non-empty prefix, so its keys never mix with other data');
  const valueKey = (key: string) => `${prefix}:v:${key}`;
  const lockKey = (key: string) => `${prefix}:lock:${key}`;
  const what = `redisCache "${prefix}"`;

  const get = async (key: string): Promise<CacheEntry | undefined> => {
    let text: string | null;
    try {
      text = await redis.get(valueKey(key));
    } catch (error) {
      throw redisFailure(what, error, 'the entry was not read');
    }
    return text === null ? undefined : (JSON.parse(text) as CacheEntry);
  };

  const tryLock = async (key: string, lockMs: number): Promise<Extract<Lead, { kind: 'lead' }> | undefined> => {
    const token = randomUUID();
    const taken = await redis.set(lockKey(key), token, 'PX', lockMs, 'NX');
    if (taken !== 'OK') return undefined;
    const renew = setInterval(() => void RENEW_LOCK.run(redis, [lockKey(key)], [token, lockMs]).catch(() => undefined), Math.max(5, Math.floor(lockMs / 3)));
    renew.unref();
    return {
      kind: 'lead',
      locked: true,
      async release() {
        clearInterval(renew);
        // A lock that cannot be released expires after lockMs.
        await RELEASE_LOCK.run(redis, [lockKey(key)], [token]).catch(() => undefined);
      },
    };
  };

  return {
    get,
    async set(key, entry, ttl = ttlMs) {
      try {
        await redis.set(valueKey(key), JSON.stringify(entry), 'PX', Math.max(1, Math.ceil(ttl)));
      } catch (error) {
        throw redisFailure(what, error, 'the entry was not stored');
      }
    },
    async delete(key) {
      try {
        await redis.unlink(valueKey(key));
      } catch (error) {
        throw redisFailure(what, error, 'the entry was not deleted');
      }
    },
    async clear() {
      try {
        let cursor = '0';
        do {
          const [next, found] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}:v:*`, 'COUNT', 500);
          cursor = next;
          if (found.length > 0) await redis.unlink(...found);
        } while (cursor !== '0');
      } catch (error) {
        throw redisFailure(what, error, 'the cache may be partly cleared');
      }
    },
    async lead(key, leadOptions = {}) {
      const { signal, lockMs = LEAD_DEFAULTS.lockMs, maxWaitMs = LEAD_DEFAULTS.maxWaitMs } = leadOptions;
      const giveUpAt = Date.now() + maxWaitMs;
      let backoffMs = 25;
      try {
        for (;;) {
          const entry = await get(key);
          if (entry) return { kind: 'hit', entry };
          const lead = await tryLock(key, lockMs);
          if (lead) {
            // The leader may have finished between our read and our lock.
            // A failed re-read must not leave the lock held (and renewed) with nobody working.
            const late = await get(key).catch(async (error: unknown) => {
              await lead.release();
              throw error;
            });
            if (!late) return lead;
            await lead.release();
            return { kind: 'hit', entry: late };
          }
          if (Date.now() >= giveUpAt) return { kind: 'lead', locked: false, release: async () => undefined };
          await sleep(Math.min(backoffMs, Math.max(1, giveUpAt - Date.now())), { signal });
          backoffMs = Math.min(1_000, backoffMs * 2);
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        throw redisFailure(what, error, 'no lock was taken');
      }
    },
  };
}

/** Escape Redis glob characters so a prefix matches only itself. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
