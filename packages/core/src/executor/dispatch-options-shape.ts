import type { Aggregator } from '../aggregate/aggregator.js';
import type { Ledger } from '../budget/ledger.js';
import type { Cache } from '../cache/cache.js';
import type { GuardOptions } from '../guards/dispatch-guards.js';
import type { Limits } from '../limits/limits-shape.js';
import type { CircuitBreaker } from '../policies/circuit-breaker.js';
import type { CircuitBreakerRegistry } from '../policies/circuit-registry.js';
import type { RateLimiter, RateUsage } from '../policies/rate-limiter.js';
import type { RetryOptions } from '../policies/retry.js';
import type { Clock } from '../util/clock.js';
import type { AgentResult, ResultMeta } from './agent-result.js';
import type { DispatchEvent } from './dispatch-events.js';
import type { DispatchRun } from './dispatch-run-shape.js';
import type { DispatchInstrumentation } from './instrumentation.js';

// What a caller hands `dispatch`: the agent, the context it runs with, and the options. The three
// refer to one another (an agent gets a context, a context runs a child dispatch with options, the
// options hold an agent), so they share this one leaf module.

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
