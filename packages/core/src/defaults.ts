import type { Limits } from './limits/limits-shape.js';

/**
 * The default limits of every dispatch, in one place. Only concurrency and the
 * per-agent timeout are on by default; there is no rate limit, budget or
 * deadline until you set one.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxConcurrent: 10,
  maxTotalAgents: undefined,
  maxTotalCostUsd: undefined,
  costPerAgentUsd: undefined,
  maxFailureRate: undefined,
  failureRateMinSamples: 5,
  maxTotalDurationMs: undefined,
  agentTimeoutMs: 60_000,
  timeoutGraceMs: undefined,
  minSuccessCount: undefined,
  preflight: false,
  requestsPerSecond: undefined,
  burst: undefined,
  maxDepth: undefined,
  adaptiveConcurrency: undefined,
});

/** Time to live of the default memory cache, in milliseconds (1 hour). */
export const DEFAULT_CACHE_TTL_MS = 60 * 60 * 1000;

/** Entry bound of the default memory cache. */
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
