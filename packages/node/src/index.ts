export { sqliteCache, type SqliteCache, type SqliteCacheOptions } from './sqlite-cache.js';
export { CacheUnavailableError } from './cache-unavailable-error.js';
export { readJsonl, type JsonlLine } from './cli/jsonl-input.js';
