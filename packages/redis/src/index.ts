export { RedisUnavailableError, RedisStateLostError, RedisNotDurableError } from './errors.js';
export {
  redisLedger,
  REDIS_LEDGER_DEFAULTS,
  type RedisLedger,
  type RedisLedgerOptions,
  type RedisLedgerSnapshot,
} from './redis-ledger.js';
export { redisRateLimiter, type RateGrant, type RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { redisRateLimit, type RedisRateLimit, type RedisRateLimitOptions, type RedisRatePermit } from './redis-rate-limit.js';
export { redisCache, LEAD_DEFAULTS, type Lead, type LeadOptions, type RedisCache, type RedisCacheOptions } from './redis-cache.js';
export { createDispatchQueue, type DispatchQueue, type DispatchQueueOptions, type QueueDispatchOptions, type QueueLimits } from './dispatch-queue.js';
export { createWorker, type DispatchWorker } from './dispatch-worker.js';
export type { DispatchWorkerOptions } from './worker-options.js';
export type { AgentRef, JobLimits, JobRetry } from './dispatch-job.js';
export type { Durability } from './durability.js';
export { QUEUE_DEFAULTS } from './queue-keys.js';
export { redisCircuitBreaker, type RedisCircuitBreaker, type RedisCircuitBreakerOptions } from './redis-circuit-breaker.js';
