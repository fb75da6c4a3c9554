import type { ConcurrencyLimitStats } from '../policies/concurrency-controller.js';

/** Latency percentiles of the agents that ran, in milliseconds. */
export interface LatencyStats {
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Slowest. */
  max: number;
}

/** Counters of a run. */
export interface DispatchStats {
  /** Inputs seen. */
  total: number;
  /** Results with `ok: true` (cache hits included). */
  succeeded: number;
  /** Results with `ok: false`, skipped items included. */
  failed: number;
  /** Results served from the cache. */
  cached: number;
  /** Items that never ran because the run stopped. */
  skipped: number;
  /** Agent executions (attempts included; cache hits excluded). */
  agentCalls: number;
  /** Money spent, in USD: the sum of every amount the run's agents reported (late reports included). */
  costUsd: number;
  /**
   * Money spent past `maxTotalCostUsd`, in USD: 0 when every agent spent
   * within its reservation. Present whenever the run has a cap.
   */
  overshootUsd?: number;
  /**
   * Money an early decision saved, in USD: for each item skipped or cut with
   * `decided`, its reservation (`costPerAgentUsd`), or the mean cost of the
   * agents that ran when no reservation is set.
   */
  savedUsd: number;
  /** Wall time of the run, in milliseconds. */
  wallMs: number;
  /** Most agents that ran at once, counting agents past their timeout until they settle or their grace passes. */
  peakConcurrency: number;
  /** Agents that ignored their aborted signal past `timeoutGraceMs` (or past the run's end) and were released while still running. */
  leakedAgents: number;
  /**
   * `false` when a stop left a lazy input source (a generator, an async
   * iterable) unread: reading stopped and the source was closed. Inputs never
   * read have no result. Always `true` for arrays, Sets and Maps.
   */
  sourceExhausted: boolean;
  /** Latency percentiles of executed agents. */
  latencyMs: LatencyStats;
  /** How the concurrency limit moved, with `limits.adaptiveConcurrency` only. */
  concurrencyLimit?: ConcurrencyLimitStats;
}
