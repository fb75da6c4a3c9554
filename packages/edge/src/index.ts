export type { AppEnv } from './app-env.js';
export { createDispatchApp, DEFAULT_AUTH_REALM, type DispatchAppOptions, type ServedAgent } from './create-dispatch-app.js';
export { runSummary, publicStats, type RunOutcome, type RunSummary } from './run-summary.js';
export { corsPolicy, CORS_MAX_AGE_SECONDS } from './cors-policy.js';
export { allowedMethods, ROUTE_METHODS } from './allowed-methods.js';
export { DEFAULT_POLICY, type DispatchPolicy, type KeyRateLimit } from './policy.js';
export { clampLimits, type ClampedLimits, type ClampNote, type ClientLimits } from './clamp-limits.js';
export { resolveAggregate, type AggregateSpec, type ResolvedAggregate } from './aggregate-spec.js';
export { depthOf } from './request-schema.js';
export {
  PROBLEMS,
  PROBLEM_TYPE_PREFIX,
  problemDetails,
  problemResponse,
  type FieldError,
  type ProblemCatalog,
  type ProblemCode,
  type ProblemDetails,
  type ProblemKind,
} from './problem.js';
export { publicResult, type PublicResult } from './result-view.js';
export { apiKeyId, ApiKeys, MIN_API_KEY_LENGTH } from './api-keys.js';
export { KeyRateLimits, type RateVerdict } from './key-rate-limits.js';
export type { LogFields, RequestLogEntry } from './log-fields.js';
export { roundMs, roundUsd } from './json-numbers.js';
// The run's capped ledger and the scoped cache are runtime-agnostic, so they live in core; these
// names stay exported here for servers built on this package.
export { cappedLedger as runLedger, scopedCache, type CappedLedger as RunLedger } from '@flotilla/core';
// Cloudflare bindings
export { kvCache, kvExpirationTtl, KV_CACHE_DEFAULTS, KV_MIN_TTL_SECONDS, type KvCacheOptions } from './kv-cache.js';
export { BudgetLedger } from './budget-ledger.js';
export {
  durableObjectLedger,
  DURABLE_OBJECT_LEDGER_DEFAULTS,
  type DurableObjectLedgerOptions,
} from './durable-object-ledger.js';
export { periodLabel, type BudgetPeriod } from './budget-period.js';
export { BudgetUnavailableError } from './budget-unavailable-error.js';
export type { BudgetAnswer, BudgetOperation } from './budget-protocol.js';
export type {
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStubLike,
  KvNamespaceLike,
} from './cloudflare-types.js';
