import { collectAll } from '../aggregate/collect-all.js';
import type { AgentResult, Aggregator, DispatchRun, DispatchStats, StopReason } from '../types.js';

/** What a finished run hands to {@link buildDispatchRun}. */
export interface FinishedRun<I, O, V> {
  /** One result per input, in input order. */
  results: AgentResult<I, O>[];
  /** The run's counters. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
  /** The run's aggregator (default: all results). */
  aggregate?: Aggregator<I, O, V>;
  /** `limits.minSuccessCount` of the run. */
  minSuccessCount?: number;
  /** The run's stop signal, passed to `aggregate.finish`. */
  signal?: AbortSignal;
}

/**
 * The `DispatchRun` of a finished run: the aggregator's value and whether
 * `minSuccessCount` was met. Unstable, for adapters: `dispatch` and the
 * distributed runs of `@flotilla/redis` build their result here, once.
 */
export function buildDispatchRun<I, O, V>(run: FinishedRun<I, O, V>): DispatchRun<I, O, V> {
  const aggregate = run.aggregate ?? (collectAll<I, O>() as unknown as Aggregator<I, O, V>);
  return {
    results: run.results,
    value: aggregate.finish(run.results, run.signal),
    stats: run.stats,
    stopReason: run.stopReason,
    minSuccessMet: run.minSuccessCount === undefined || run.stats.succeeded >= run.minSuccessCount,
  };
}
