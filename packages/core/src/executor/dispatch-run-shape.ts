import type { StopReason } from '../errors/codes.js';
import type { AgentResult } from './agent-result.js';
import type { DispatchStats } from './dispatch-stats.js';

/**
 * What `dispatch` resolves to.
 *
 * @example
 * ```ts
 * const run = await dispatch({ agent, inputs, aggregate: majorityVote('label'), limits: { maxTotalCostUsd: 1, costPerAgentUsd: 0.01 } });
 * run.stopReason;       // 'completed', or what stopped the run: 'budget', 'deadline', ...
 * run.value.winner;     // the aggregator's value
 * run.stats.costUsd;    // what the run spent, in USD
 * run.results.length;   // one result per input read, in input order
 * ```
 */
export interface DispatchRun<I = unknown, O = unknown, V = unknown> {
  /** One result per input, in input order. */
  results: AgentResult<I, O>[];
  /** The aggregator's value (all results when no aggregator was given). */
  value: V;
  /** Counters. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
  /** `false` when fewer than `limits.minSuccessCount` items succeeded. */
  minSuccessMet: boolean;
}
