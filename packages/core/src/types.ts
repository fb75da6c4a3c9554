import type { Cache } from './cache/cache.js';
import type { Clock } from './util/clock.js';
import type { ErrorCode, ResultError, StopReason } from './errors.js';
import type { CircuitBreaker } from './policies/circuit-breaker.js';
import type { CircuitBreakerRegistry } from './policies/circuit-registry.js';
import type { GuardOptions } from './guards/dispatch-guards.js';
import type { DispatchInstrumentation } from './executor/instrumentation.js';
import type { AgentFailure, AgentResult, AgentResultBase, AgentSuccess, ResultMeta } from './executor/agent-result.js';
import type { DispatchStats, LatencyStats } from './executor/dispatch-stats.js';
import type { Limits } from './limits/limits-shape.js';
import type { Ledger } from './budget/ledger.js';
import type { RateLimiter, RateUsage } from './policies/rate-limiter.js';
import type { RetryOptions } from './policies/retry.js';

/** A value or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** The work one agent does for one input. */
export type AgentFn<I = unknown, O = unknown> = (input: I, ctx: AgentContext) => Awaitable<O>;

/**
 * A named agent. `name`, `version` and `model` are part of the cache key, so
 * a new model or version never reuses an old answer.
 */
export interface AgentDefinition<I = unknown, O = unknown> {
  /** Stable name, used in cache keys, events and circuit breakers. */
  name: string;
  /** Bump to invalidate cached results of an older implementation. */
  version?: string;
  /** The model the agent calls, when it calls one. */
  model?: string;
  /** The work itself. */
  run: AgentFn<I, O>;
  /**
   * The most one execution may spend, in USD, known before it starts (for a
   * model call: the prompt's tokens plus `maxTokens` at the model's prices).
   * A budgeted run reserves the largest of `costPerAgentUsd`, this estimate
   * and the highest cost any agent of the run has reported so far, so the
   * cap holds by construction when the estimate is a true worst case.
   * Must return a finite number >= 0; a throw or a bad value fails the item.
   */
  estimateCostUsd?(input: I, prompt: string | undefined): number;
  /**
   * Tokens one call will use (prompt + most output), for a token-metering
   * `rateLimiter`: the scheduler acquires the limiter with this weight before
   * the call takes a concurrency slot. `prompt` is the filled template, if any.
   */
  estimateTokens?(input: I, prompt: string | undefined): number;
}

/** What `dispatch` accepts as an agent: a plain function or an {@link AgentDefinition}. */
export type Agent<I = unknown, O = unknown> = AgentFn<I, O> | AgentDefinition<I, O>;

/**
 * What an agent receives besides its input.
 *
 * @example
 * ```ts
 * const run = await dispatch({
 *   agent: async (ticket: { text: string }, ctx: AgentContext) => {
 *     await ctx.reserve(0.05); // ask for more budget before an expensive call; rejects when it cannot be covered
 *     const response = await fetch(url, { method: 'POST', body: ctx.prompt, signal: ctx.signal });
 *     const answer = await response.json();
 *     ctx.reportCost(answer.usage.costUsd); // the actual spend, reconciled against the reservation
 *     return answer.text;
 *   },
 *   inputs: tickets,
 *   template: 'Summarize: {text}',
 *   limits: { maxTotalCostUsd: 1, costPerAgentUsd: 0.01 },
 * });
 * ```
 */
export interface AgentContext {
  /** Aborted on timeout, on a stop that cancels running agents, or on the caller's abort. Pass it to `fetch`. */
  readonly signal: AbortSignal;
  /** The run's `template` filled from this input, or `undefined` without a template. */
  readonly prompt: string | undefined;
  /** The input's position in the input sequence (0-based). */
  readonly index: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly attempt: number;
  /** 0 for a top-level dispatch, 1 inside `ctx.dispatch`, and so on. */
  readonly depth: number;
  /**
   * Report money actually spent, in USD; may be called several times (the
   * amounts add up). Spending past the held reservation claims the difference
   * from the budget; when the budget cannot cover it, the run stops with
   * `budget`. Call {@link AgentContext.reserve} first to stay under the cap.
   */
  reportCost(usd: number): void;
  /**
   * Ask the budget for `usd` more before an expensive call. Resolves when
   * granted; rejects with a `BudgetExhaustedError` when it cannot be.
   */
  reserve(usd: number): Promise<void>;
  /**
   * Tell the run's rate limiter what this call used (`tokens`, prompt +
   * completion) and what the provider reported (`limits`, from its
   * `x-ratelimit-*` headers). Absent outside a dispatch; call it as `ctx.reportUsage?.(...)`.
   */
  reportUsage?(usage: RateUsage): void;
  /**
   * Run a child dispatch from inside this agent. It inherits this agent's
   * signal, runs at `depth + 1` (refused beyond `limits.maxDepth`), and its
   * budget is carved out of this agent's: a child never spends more than the
   * parent has left, and what it spends counts as this agent's cost.
   */
  dispatch<I2, O2, V2 = AgentResult<I2, O2>[]>(options: DispatchOptions<I2, O2, V2>): Promise<DispatchRun<I2, O2, V2>>;
  /**
   * Attach notes to this attempt's result (`result.meta`), such as the token
   * usage of a provider call or which agent of a fallback chain answered.
   * Later calls merge over earlier ones; notes of a failed attempt that is
   * retried are replaced by the next attempt's.
   */
  annotate(meta: Partial<ResultMeta>): void;
}



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

/**
 * Options of `dispatch` and `dispatchStream`. Only `agent` and `inputs` are
 * required; each other option shows its default.
 *
 * @example
 * ```ts
 * const options: DispatchOptions<{ text: string }, string> = {
 *   agent: { name: 'summarize', model: 'gpt-4o-mini', run: (input, ctx) => summarize(ctx.prompt!, ctx.signal) },
 *   inputs: tickets,
 *   template: 'Summarize: {text}',
 *   limits: { maxConcurrent: 8, maxTotalCostUsd: 2, costPerAgentUsd: 0.01 },
 *   retry: { attempts: 3, baseDelayMs: 200 },
 * };
 * const run = await dispatch(options);
 * ```
 */
export interface DispatchOptions<I = unknown, O = unknown, V = unknown> {
  /** The agent to run for every input. */
  agent: Agent<I, O>;
  /** The inputs: an array, any iterable, or an async iterable (pulled lazily, about `maxConcurrent` ahead). */
  inputs: Iterable<I> | AsyncIterable<I>;
  /**
   * A prompt template with `{field}` placeholders filled from each input into `ctx.prompt`.
   * @defaultValue `undefined` (`ctx.prompt` is `undefined`)
   */
  template?: string;
  /**
   * Limits; see {@link Limits} for the defaults.
   * @defaultValue {@link DEFAULT_LIMITS}
   */
  limits?: Partial<Limits>;
  /**
   * Where results are cached: a {@link Cache}, or `false` for no cache. Default: a memory cache per agent, 1 h TTL.
   * @defaultValue a memory cache per agent (1 h TTL, 10,000 entries)
   */
  cache?: Cache | false;
  /**
   * The spend ledger; default: an in-memory ledger capped at `limits.maxTotalCostUsd`.
   * @defaultValue an in-memory ledger capped at `limits.maxTotalCostUsd`
   */
  ledger?: Ledger;
  /**
   * Produces `run.value`.
   * @defaultValue `collectAll()`: `run.value` is every result
   */
  aggregate?: Aggregator<I, O, V>;
  /**
   * A rate limiter shared with other dispatches (one provider quota); overrides `limits.requestsPerSecond`.
   * @defaultValue `undefined` (none, unless `limits.requestsPerSecond` is set)
   */
  rateLimiter?: RateLimiter;
  /**
   * Retry retryable failures (timeouts, rate limits, errors marked retryable) with backoff. Off by default.
   * @defaultValue `undefined` (no retries)
   */
  retry?: RetryOptions;
  /**
   * A circuit breaker, or a registry giving one breaker per agent model (or name); shareable across dispatches.
   * @defaultValue `undefined` (no circuit breaker)
   */
  circuit?: CircuitBreaker | CircuitBreakerRegistry;
  /**
   * Runs instead of `agent` while the circuit is open; its answers are never cached.
   * @defaultValue `undefined`
   */
  fallback?: Agent<I, O>;
  /**
   * Prompt-injection and PII guards; by default injections are rejected and outputs redacted.
   * @defaultValue `{ injection: 'reject', redactInputs: false, redactOutputs: true }`
   */
  guards?: GuardOptions;
  /** Aborts the run: no new agent starts and running agents are aborted. */
  signal?: AbortSignal;
  /** Receives progress events; it must not throw. */
  onEvent?: (event: DispatchEvent<I, O>) => void;
  /**
   * Observes the run, its attempts and its nested runs (e.g. `otelTracing()`
   * from `@flotilla/otel`). Nested `ctx.dispatch` runs inherit it.
   * @defaultValue `undefined` (none; a nested run inherits its parent's)
   */
  instrumentation?: DispatchInstrumentation;
  /**
   * Time source, for tests.
   * @defaultValue the system clock
   */
  clock?: Clock;
}

/** Progress events of a run, for progress bars and logs. */
export type DispatchEvent<I = unknown, O = unknown> =
  | StartEvent
  | ResultEvent<I, O>
  | StopEvent
  | WarningEvent
  | EndEvent;

/** An agent started (once per attempt). */
export interface StartEvent {
  /** Discriminant. */
  type: 'start';
  /** The input's position. */
  index: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
}

/** An input got its result. */
export interface ResultEvent<I = unknown, O = unknown> {
  /** Discriminant. */
  type: 'result';
  /** The result, as it also appears in `run.results`. */
  result: AgentResult<I, O>;
}

/** The run stopped early; no new agent starts. */
export interface StopEvent {
  /** Discriminant. */
  type: 'stop';
  /** Why it stopped. */
  reason: Exclude<StopReason, 'completed'>;
  /** What happened and what to do about it. */
  message: string;
}

/** Something went wrong that the run worked around (e.g. a cache that failed). */
export interface WarningEvent {
  /** Discriminant. */
  type: 'warning';
  /**
   * Stable code: `cache_error`, `ledger_error`, `aggregator_error`,
   * `budget_unreserved` (a cap without any reservation per agent),
   * `budget_overshoot` (an agent spent past its reservation and the cap),
   * `agent_ignores_signal` (a slot released by the grace period),
   * `uncacheable_input` (an input the cache key cannot represent ran uncached),
   * `late_cost_report` (a cost reported after the agent settled).
   */
  code: string;
  /** What happened. */
  message: string;
}

/** The run ended; every input has its result. */
export interface EndEvent {
  /** Discriminant. */
  type: 'end';
  /** Final counters. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
}


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

export type { ErrorCode, ResultError, StopReason };
export type { AgentFailure, AgentResult, AgentResultBase, AgentSuccess, DispatchStats, LatencyStats, Limits, ResultMeta };
