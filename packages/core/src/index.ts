export { dispatch } from './executor/dispatch.js';
export { dispatchStream } from './executor/dispatch-stream.js';
export type { RunOutcome } from './executor/scheduler.js';
export type { Agent, AgentContext, AgentDefinition, AgentFn, Awaitable, DispatchOptions } from './executor/dispatch-options-shape.js';
export type { AgentResult, AgentResultBase, AgentSuccess, AgentFailure, ResultMeta } from './executor/agent-result.js';
export type { Aggregator, DecideProgress } from './aggregate/aggregator.js';
export type { DispatchEvent, EndEvent, ResultEvent, StartEvent, StopEvent, WarningEvent } from './executor/dispatch-events.js';
export type { DispatchRun } from './executor/dispatch-run-shape.js';
export type { DispatchStats, LatencyStats } from './executor/dispatch-stats.js';
export type { Limits } from './limits/limits-shape.js';
export { DEFAULT_LIMITS, DEFAULT_CACHE_TTL_MS, DEFAULT_CACHE_MAX_ENTRIES } from './defaults.js';
export {
  AbortedError,
  AgentError,
  BudgetExhaustedError,
  DeadlineError,
  DecidedError,
  FailureRateError,
  FlotillaError,
  errorBrand,
  type BrandedClass,
  InjectionDetectedError,
  InvalidInputError,
  InvalidOptionsError,
  InvalidTemplateError,
  LateCostReportError,
  MaxAgentsError,
  MaxDepthError,
  PreflightError,
  RateLimitedError,
  TimeoutError,
  type ErrorCode,
  type ResultError,
  type StopReason,
} from './errors.js';
export type { Cache, CacheEntry, CacheLead } from './cache/cache.js';
export { memoryCache, type MemoryCacheOptions } from './cache/memory-cache.js';
export { scopedCache } from './cache/scoped-cache.js';
export { cacheKey, type CacheKeyParts } from './cache/cache-key.js';
export { canonicalJson } from './cache/canonical-json.js';
export { canonicalKey, UncacheableValueError } from './cache/canonical-key.js';
export type { Ledger, LedgerSnapshot } from './budget/ledger.js';
export { memoryLedger, type MemoryLedgerOptions } from './budget/memory-ledger.js';
export { carvedLedger, type ParentSpend } from './budget/carved-ledger.js';
export { cappedLedger, type CappedLedger, type CappedLedgerOptions } from './budget/capped-ledger.js';
export { systemClock, type Clock } from './util/clock.js';
export { collectAll } from './aggregate/collect-all.js';
export { rankByMetric, type RankOptions } from './aggregate/rank-by-metric.js';
export { majorityVote, type MajorityVoteOptions, type VoteOutcome } from './aggregate/majority-vote.js';
export { bestResult } from './aggregate/best-result.js';
export { bestOf, type BestOfOptions } from './aggregate/best-of.js';
export { firstSuccess, FIRST_SUCCESS_DEFAULTS, type FirstSuccessOptions, type FirstSuccessOutcome } from './aggregate/first-success.js';
export type { ValueKey } from './aggregate/metric.js';
export { compileTemplate, renderTemplate, type CompiledTemplate } from './guards/template.js';
export type { GuardOptions } from './guards/dispatch-guards.js';
export { detectInjection, type InjectionReport } from './guards/detect-injection.js';
export type { InjectionDetector, InjectionGuardOptions, InjectionPolicy, InjectionSpan, InjectionVerdict } from './guards/injection-detector.js';
export { ruleInjectionDetector } from './guards/rule-injection-detector.js';
export { httpInjectionDetector, type HttpInjectionDetectorOptions } from './guards/http-injection-detector.js';
export { detectInjectionInValue, type InjectionValueMatch, type InjectionValueReport } from './guards/injection-in-value.js';
export type { InjectionMatch, InjectionRuleId } from './guards/injection-rule-types.js';
export { redact } from './guards/redact.js';
export { redactValue } from './guards/redact-value.js';
export { restore, restoreValue } from './guards/redact-restore.js';
export { DEFAULT_SENSITIVE_KEYS } from './guards/secret-keys.js';
export {
  PII_TYPES,
  type PiiType,
  type PiiFinding,
  type PiiValueFinding,
  type RedactOptions,
  type RedactResult,
  type RedactValueOptions,
  type RedactValueResult,
  type RestoreMap,
} from './guards/pii-types.js';
export type { RateLimiter, RateLimitReport, RatePermit, RateUsage, WeightedRateLimiter } from './policies/rate-limiter.js';
export { defaultMarginMs, rateLimit, RATE_LIMIT_DEFAULTS, type RateLimitOptions } from './policies/rate-limit.js';
export { AimdConcurrency, isOverload } from './policies/adaptive-concurrency.js';
export type { AdaptiveConcurrencyOptions, CallSignal, ConcurrencyController, ConcurrencyLimitStats } from './policies/concurrency-controller.js';
export { tokenBucket, type TokenBucketOptions } from './policies/token-bucket.js';
export { abortError, sleep, type SleepOptions } from './policies/abortable-sleep.js';
export {
  circuitBreaker,
  CircuitOpenError,
  CIRCUIT_BREAKER_DEFAULTS,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitPermit,
  type CircuitRefusal,
  type CircuitState,
  type CircuitListener,
} from './policies/circuit-breaker.js';
export { circuitBreakers, type CircuitBreakerRegistry } from './policies/circuit-registry.js';
export { fallbackChain, FALLBACK_CHAIN_DEFAULTS, type FallbackChainOptions, type FallbackOn } from './policies/fallback-chain.js';
export type { FallbackAttempt, FallbackChainMeta } from './policies/fallback-chain-meta.js';
export type { TokenUsage } from './providers/token-usage.js';
export type {
  AttemptEndInfo,
  AttemptObserver,
  AttemptStartInfo,
  DispatchInstrumentation,
  InstrumentedAgent,
  RunEndInfo,
  RunObserver,
  RunStartInfo,
} from './executor/instrumentation.js';
export { retryDelay, isRetryable, nextRetryDelay, RETRY_DEFAULTS, type RetryOptions } from './policies/retry.js';
// providers
export {
  openAICompatibleAgent,
  type OpenAICompatibleOptions,
  type OpenAICompatibleJsonOptions,
} from './providers/openai-compatible.js';
export { parseJsonAnswer, type JsonValidator } from './providers/json-output.js';
export { estimateTokens, estimatePromptTokens, tokenCostUsd, type ModelPrices } from './providers/token-estimate.js';
export { retryAfterMs } from './providers/retry-after.js';
export { rateLimitReport } from './providers/rate-limit-headers.js';
export { errorFromResponse } from './providers/provider-error.js';
export { configFingerprint } from './providers/config-fingerprint.js';
