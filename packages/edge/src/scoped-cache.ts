import type { Cache } from '@flotilla/core';

/**
 * A view of `cache` whose keys all start with `scope` + `/`: two scopes never
 * see each other's entries. The dispatch app scopes its cache per API key id
 * (policy `cacheScope: 'key'`) so a client cannot learn what others asked.
 * `clear` is left out: clearing one scope would need a scan of the backend.
 */
export function scopedCache(cache: Cache, scope: string): Cache {
  const prefix = `${scope}/`;
  return {
    get: (key) => cache.get(prefix + key),
    set: (key, entry, ttlMs) => cache.set(prefix + key, entry, ttlMs),
    delete: (key) => cache.delete(prefix + key),
  };
}
