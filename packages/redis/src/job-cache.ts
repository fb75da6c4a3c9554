import type { Cache } from '@flotilla/core';

/**
 * `cache` that also records what each stored result cost (so a retried job
 * of the same run knows it was paid), and keeps the pending write in
 * `writes`: the job's lead is released only after it, or a worker taking the
 * job over would find the lock gone and no value, and pay again. Both writes
 * go out at once, in order, on the cache's connection.
 */
export function paying(cache: Cache, record: (costUsd: number) => Promise<void>, writes: Promise<unknown>[]): Cache {
  return {
    get: (key) => cache.get(key),
    set: (key, entry, ttlMs) => {
      const write = Promise.all([record(entry.costUsd), cache.set(key, entry, ttlMs)]).then(() => undefined);
      writes.push(write.catch(() => undefined));
      return write;
    },
    delete: (key) => cache.delete(key),
  };
}

/** The cache's plain get/set/delete, without its `lead`. */
export function withoutLead(cache: Cache): Cache {
  return {
    get: (key) => cache.get(key),
    set: (key, entry, ttlMs) => cache.set(key, entry, ttlMs),
    delete: (key) => cache.delete(key),
  };
}
