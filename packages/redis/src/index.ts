export { RedisUnavailableError } from './errors.js';
export {
  redisLedger,
  REDIS_LEDGER_DEFAULTS,
  type RedisLedger,
  type RedisLedgerOptions,
  type RedisLedgerSnapshot,
} from './redis-ledger.js';
export { redisRateLimiter, type RateGrant, type RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { redisCache, LEAD_DEFAULTS, type Lead, type LeadOptions, type RedisCache, type RedisCacheOptions } from './redis-cache.js';
