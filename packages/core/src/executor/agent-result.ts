import type { ResultError } from '../errors.js';
import type { InjectionValueMatch } from '../guards/injection-in-value.js';
import type { PiiValueFinding } from '../guards/pii-types.js';
import type { FallbackChainMeta } from '../policies/fallback-chain-meta.js';
import type { TokenUsage } from '../providers/token-usage.js';

/** What every result carries, whether it succeeded or not. */
export interface AgentResultBase<I = unknown> {
  /** The input's position in the input sequence (0-based). */
  index: number;
  /** The input itself. */
  input: I;
  /** Money this item spent, in USD (0 for a cache hit or an item that never ran). */
  costUsd: number;
  /** Time the agent ran, in milliseconds (0 when it never ran). */
  durationMs: number;
  /** `true` when the value came from the cache and no agent ran. */
  cached: boolean;
  /** How many times the agent was called for this input (0 when it never ran). */
  attempts: number;
  /** What the run's policies noted about this item; absent when there is nothing to say. */
  meta?: ResultMeta;
}

/** A result whose agent answered: `ok` is `true` and `value` holds the answer. */
export interface AgentSuccess<I = unknown, O = unknown> extends AgentResultBase<I> {
  /** Discriminant: the item succeeded. */
  ok: true;
  /** The agent's answer. */
  value: O;
  /** Absent on a success. */
  error?: undefined;
}

/** A result whose item failed: `ok` is `false` and `error` says why. */
export interface AgentFailure<I = unknown> extends AgentResultBase<I> {
  /** Discriminant: the item failed. */
  ok: false;
  /** Why the item failed. */
  error: ResultError;
  /** Absent on a failure. */
  value?: undefined;
}

/**
 * The outcome of one input. Every input gets exactly one. A union on `ok`,
 * so `r.ok ? r.value.label : r.error.code` type-checks.
 *
 * @example
 * ```ts
 * for (const result of run.results) {
 *   if (result.ok) console.log(result.index, result.value, result.cached ? '(cached)' : `$${result.costUsd}`);
 *   else console.warn(result.index, result.error.code, result.error.message); // e.g. 'timeout', 'budget_exhausted'
 * }
 * ```
 */
export type AgentResult<I = unknown, O = unknown> = AgentSuccess<I, O> | AgentFailure<I>;

/** Notes the run's policies attach to a result, never mixed into its value. */
export interface ResultMeta {
  /** `true` when the value came from the `fallback` agent because the circuit was open. */
  fallback?: boolean;
  /** Injection matches in the input, when `guards.injection` is `'flag'`. */
  injection?: InjectionValueMatch[];
  /** What `guards.redactInputs` replaced before the agent saw the input. */
  inputRedactions?: PiiValueFinding[];
  /** What `guards.redactOutputs` replaced in the value. */
  outputRedactions?: PiiValueFinding[];
  /** Tokens the model call used, when the agent reported them (provider agents do). */
  usage?: TokenUsage;
  /** Which agent of a `fallbackChain` answered, and what each failed attempt cost. */
  fallbackChain?: FallbackChainMeta;
}
