import type { AgentResult } from '../executor/agent-result.js';

/**
 * Turns the results of a run into `run.value`. See `collectAll`, `majorityVote`, `rankByMetric`, `bestResult`.
 *
 * @example
 * ```ts
 * // The longest answer; no early stop.
 * const longest: Aggregator<string, string, string | undefined> = {
 *   finish: (results) => results.filter((r) => r.ok).map((r) => r.value!).sort((a, b) => b.length - a.length)[0],
 * };
 * const run = await dispatch({ agent, inputs, aggregate: longest });
 * run.value; // string | undefined
 * ```
 */
export interface Aggregator<I = unknown, O = unknown, V = unknown> {
  /**
   * Produce the run's value from all results, in input order. `signal` is
   * the run's stop signal (as given to `decide` and `gate`) when a run ends,
   * so state kept per run can be found; absent for results alone.
   */
  finish(results: readonly AgentResult<I, O>[], signal?: AbortSignal): V;
  /**
   * Optional early stop: called with each result as it arrives. Return `true`
   * once no later result can change the outcome; the run then stops with
   * `decided`, running agents are aborted and unstarted items are skipped.
   */
  decide?(result: AgentResult<I, O>, progress: DecideProgress): boolean;
  /**
   * Optional start gate: called before an item's first attempt; the item waits
   * (without holding a concurrency slot) until the promise resolves. Used by
   * hedged requests. `signal` aborts when the run stops.
   */
  gate?(index: number, signal: AbortSignal): Promise<void> | undefined;
}

/** How far a run is, as seen by {@link Aggregator.decide}. */
export interface DecideProgress {
  /** Results produced so far, this one included. */
  settled: number;
  /** Results still to come, or `undefined` while the input count is unknown. */
  pending: number | undefined;
  /**
   * The run's stop signal, the one `gate` gets. An aggregator that keeps
   * state per run keys it by this signal, so concurrent runs may share the
   * aggregator. Absent when `decide` is called outside a run.
   */
  signal?: AbortSignal;
}
