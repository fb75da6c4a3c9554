import { InvalidOptionsError } from '../errors.js';
import type { Cache } from './cache.js';

/**
 * A view of `cache` whose keys all start with `scope` + `/`: two scopes never
 * see each other's entries, since a scope may not contain `/`. Use it to share
 * one backend between tenants, e.g. one scope per API key, so a client cannot
 * learn what others asked. A backend's cross-process single flight (`lead`)
 * is kept, per scope; `clear` is left out, since clearing one scope would need
 * a scan of the backend.
 *
 * @param scope a non-empty name without `/`
 * @throws InvalidOptionsError when `scope` is empty or contains `/`
 *
 * @example
 * ```ts
 * const shared = memoryCache();
 * const run = await dispatch({ agent, inputs, cache: scopedCache(shared, tenantId) });
 * ```
 */
export function scopedCache(cache: Cache, scope: string): Cache {
  if (typeof scope !== 'string' || scope === '' || scope.includes('/')) {
    throw new InvalidOptionsError(`scopedCache: scope must be a non-empty string without "/" (got ${JSON.stringify(scope)})`);
  }
  const prefix = `${scope}/`;
  const scoped: Cache = {
    get: (key) => cache.get(prefix + key),
    set: (key, entry, ttlMs) => cache.set(prefix + key, entry, ttlMs),
    delete: (key) => cache.delete(prefix + key),
  };
  if (cache.lead) {
    const lead = cache.lead.bind(cache);
    scoped.lead = (key, options) => lead(prefix + key, options);
  }
  return scoped;
}
