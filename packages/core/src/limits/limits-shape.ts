import type { AdaptiveConcurrencyOptions } from '../policies/concurrency-controller.js';

/**
 * Limits of a run. Defaults live in {@link DEFAULT_LIMITS}: `maxConcurrent: 10`,
 * `agentTimeoutMs: 60_000`; every other limit is off until set.
 *
 * @example
 * ```ts
 * const run = await dispatch({
 *   agent, inputs,
 *   limits: { maxConcurrent: 5, maxTotalCostUsd: 1, costPerAgentUsd: 0.01, maxFailureRate: 0.2, maxTotalDurationMs: 60_000 },
 * });
 * if (run.stopReason === 'budget') console.warn(`stopped by the $1 cap after $${run.stats.costUsd}`);
 * ```
 */
export interface Limits {
  /**
   * Most agents running at once (an integer >= 1).
   * @defaultValue `10`
   */
  maxConcurrent: number;
  /**
   * Most agent executions in the run; cache hits do not count. Further items fail with `max_agents`.
   * @defaultValue `undefined` (no limit)
   */
  maxTotalAgents: number | undefined;
  /**
   * Spend cap for the run, in USD. It holds when every agent spends within its
   * reservation; an agent that reports more stops the run at once and the
   * excess is reported in `stats.overshootUsd`.
   * @defaultValue `undefined` (no cap)
   */
  maxTotalCostUsd: number | undefined;
  /**
   * USD reserved for each agent before it may start; actual reported cost is reconciled when it ends.
   * @defaultValue `undefined` (no reservation set: the first agent runs alone, then the highest cost seen is reserved)
   */
  costPerAgentUsd: number | undefined;
  /**
   * Failure fraction (0..1) that stops the run and aborts running agents.
   * @defaultValue `undefined` (off)
   */
  maxFailureRate: number | undefined;
  /**
   * Finished agents needed before `maxFailureRate` applies (default 5).
   * @defaultValue `5`
   */
  failureRateMinSamples: number;
  /**
   * Deadline for the whole run, in milliseconds; running agents are aborted at it.
   * @defaultValue `undefined` (no deadline)
   */
  maxTotalDurationMs: number | undefined;
  /**
   * Per-agent time limit, in milliseconds; the agent's signal is aborted at it.
   * @defaultValue `60_000` (one minute)
   */
  agentTimeoutMs: number | undefined;
  /**
   * How long an agent that ignores its aborted signal (after a timeout or a
   * cancelling stop) keeps its concurrency slot, in milliseconds. Its result
   * goes out at once; the slot is freed when the agent settles or when this
   * grace passes (an `agent_ignores_signal` warning, counted in
   * `stats.leakedAgents`).
   * @defaultValue `undefined` (`min(agentTimeoutMs, 5000)` ms)
   */
  timeoutGraceMs: number | undefined;
  /**
   * Fewest successes for the run to count as met (reported in `run.minSuccessMet`).
   * @defaultValue `undefined` (not checked)
   */
  minSuccessCount: number | undefined;
  /**
   * Refuse before running anything when the known input count cannot fit the limits.
   * @defaultValue `false`
   */
  preflight: boolean;
  /**
   * Agent starts per second allowed by a token bucket made for this run (off by default).
   * @defaultValue `undefined` (no rate limit)
   */
  requestsPerSecond: number | undefined;
  /**
   * Starts the token bucket allows at once after an idle spell (default 1).
   * @defaultValue `undefined` (1 when `requestsPerSecond` is set)
   */
  burst: number | undefined;
  /**
   * Deepest `ctx.dispatch` nesting allowed (a top-level run is depth 0).
   * @defaultValue `undefined` (no limit)
   */
  maxDepth: number | undefined;
  /**
   * Opt-in AIMD concurrency: `maxConcurrent` becomes a ceiling, the limit grows
   * while calls succeed and latency holds and halves on 429/503/timeouts
   * (`true` for the defaults, or options). `stats.concurrencyLimit` reports it.
   * @defaultValue `undefined` (off)
   */
  adaptiveConcurrency: boolean | AdaptiveConcurrencyOptions | undefined;
}
