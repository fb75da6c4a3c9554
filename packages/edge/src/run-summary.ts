import type { DispatchStats, LatencyStats, StopReason } from '@flotilla/core';
import { roundMs, roundUsd } from './json-numbers.js';

/**
 * How a run went, in one word, from its counters alone:
 * `'succeeded'` (every input succeeded), `'partial'` (some did, some did not),
 * `'failed'` (none did: every item failed, timed out or was skipped).
 */
export type RunOutcome = 'succeeded' | 'partial' | 'failed';

/**
 * The end of a dispatch as the API reports it (the JSON body's top level, or
 * the `summary` event of a stream):
 *
 * - `stats`: core's counters; USD amounts rounded to 6 decimals, milliseconds
 *   to 0.1.
 * - `stopReason`: why the run ended. `'completed'` means every input was
 *   processed, not that any succeeded; read `outcome` for that. Other values
 *   name the limit that stopped it (`budget`, `deadline`, `maxFailureRate`...).
 * - `outcome`: see {@link RunOutcome}.
 * - `minSuccessMet`: whether at least `limits.minSuccessCount` items
 *   succeeded; `null` when the request set no `minSuccessCount` (no threshold,
 *   so nothing to meet: a run where every item failed never reads as met).
 */
export interface RunSummary {
  /** Counters of the run, rounded (see {@link publicStats}). */
  stats: DispatchStats;
  /** Why the run ended; `'completed'`: every input was processed (successfully or not). */
  stopReason: StopReason;
  /** `'succeeded'`, `'partial'` or `'failed'`; see {@link RunOutcome}. */
  outcome: RunOutcome;
  /** `true`/`false` against `limits.minSuccessCount`; `null` when none was set. */
  minSuccessMet: boolean | null;
}

/**
 * Build the {@link RunSummary} of a finished run.
 *
 * @example
 * runSummary(run.stats, run.stopReason, undefined);
 * // every item timed out: { outcome: 'failed', minSuccessMet: null, stopReason: 'completed', ... }
 */
export function runSummary(stats: DispatchStats, stopReason: StopReason, minSuccessCount: number | undefined): RunSummary {
  const outcome: RunOutcome = stats.succeeded === 0 ? 'failed' : stats.succeeded >= stats.total ? 'succeeded' : 'partial';
  return {
    stats: publicStats(stats),
    stopReason,
    outcome,
    minSuccessMet: minSuccessCount === undefined ? null : stats.succeeded >= minSuccessCount,
  };
}

/** Core's counters with USD rounded to 6 decimals and milliseconds to 0.1. */
export function publicStats(stats: DispatchStats): DispatchStats {
  const latency = Object.fromEntries(Object.entries(stats.latencyMs).map(([name, ms]) => [name, roundMs(ms)])) as unknown as LatencyStats;
  return {
    ...stats,
    costUsd: roundUsd(stats.costUsd),
    savedUsd: roundUsd(stats.savedUsd),
    wallMs: roundMs(stats.wallMs),
    latencyMs: latency,
  };
}
