export {
  indexedDbCache,
  INDEXED_DB_CACHE_DEFAULTS,
  type IndexedDbCache,
  type IndexedDbCacheOptions,
  type IndexedDbCacheStatus,
} from './indexed-db-cache.js';
export type { FallbackCode, FallbackReason } from './fallback-reason.js';
export { UncloneableValueError } from './uncloneable-value-error.js';
