import { toAgentDefinition } from '../executor/agent.js';
import { breakerFor, type CircuitBreakerRegistry } from './circuit-registry.js';
import type { CircuitBreaker, CircuitPermit } from './circuit-breaker.js';
import { FlotillaError, InvalidOptionsError, toResultError, type ErrorCode } from '../errors.js';
import type { FallbackAttempt, FallbackChainMeta } from './fallback-chain-meta.js';
import { configFingerprint } from '../providers/config-fingerprint.js';
import type { ResultMeta } from '../executor/agent-result.js';
import type { Agent, AgentContext, AgentDefinition } from '../executor/dispatch-options-shape.js';

/**
 * When a chain moves on to its next agent: an {@link ErrorCode}, or
 * `'retryable'` for any error marked retryable (a provider's 5xx, a network
 * failure).
 */
export type FallbackOn = ErrorCode | 'retryable';

/** Options of {@link fallbackChain}. */
export interface FallbackChainOptions {
  /**
   * Failures that move on to the next agent (default
   * {@link FALLBACK_CHAIN_DEFAULTS}.on); any other failure fails the call at
   * once. An abort of the call's signal (timeout, stop) never moves on.
   */
  on?: readonly FallbackOn[];
  /**
   * Circuit breakers for the chain's agents: one breaker, or a registry
   * giving one per agent (keyed by model, else name). An open circuit skips
   * its agent without a call (recorded as `circuit_open`, cost 0).
   */
  circuit?: CircuitBreaker | CircuitBreakerRegistry;
  /** Name in cache keys and events (default `fallbackChain(<names>)`). */
  name?: string;
}

/** Defaults of {@link FallbackChainOptions}, in one place. */
export const FALLBACK_CHAIN_DEFAULTS = Object.freeze({
  /** Rate limits, timeouts, open circuits and retryable errors move on to the next agent. */
  on: Object.freeze(['rate_limited', 'timeout', 'circuit_open', 'retryable'] as const satisfies readonly FallbackOn[]),
});

/**
 * An agent that tries `agents` in order: when one fails with a failure
 * listed in `on`, the next one gets the same input and context. Returns the
 * first answer; when every agent failed, throws the last failure (so the
 * dispatch's `retry` sees its code).
 *
 * Budget: each attempt is budgeted on its own. The chain's cost estimate
 * (reserved before it starts) is its first agent's; before each later agent
 * it reserves, through `ctx.reserve`, whatever that agent's estimate needs
 * beyond what is still unspent. Costs reported by each agent add up to the
 * item's cost, and `result.meta.fallbackChain` says which agent answered and
 * what each failed attempt cost.
 *
 * Cache identity: the chain's name and a version fingerprint of every
 * agent's name, version and model, so a cached answer is reused only for
 * the same chain.
 *
 * @example
 * const agent = fallbackChain([aiSdkAgent({ model: primary, maxOutputTokens: 50 }),
 *   aiSdkAgent({ model: backup, maxOutputTokens: 50 })], { circuit: circuitBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 30_000 }) });
 * const run = await dispatch({ agent, inputs, limits: { maxTotalCostUsd: 1 } });
 * run.results[0]?.meta?.fallbackChain?.answeredBy;
 */
export function fallbackChain<I, O>(agents: readonly Agent<I, O>[], options: FallbackChainOptions = {}): AgentDefinition<I, O> {
  if (!Array.isArray(agents) || agents.length === 0) {
    throw new InvalidOptionsError('fallbackChain needs a non-empty array of agents, primary first');
  }
  const chain: AgentDefinition<I, O>[] = agents.map((agent) => toAgentDefinition<I, O>(agent));
  const on = new Set<FallbackOn>(options.on ?? FALLBACK_CHAIN_DEFAULTS.on);
  const circuit = options.circuit;
  const first = chain[0]!;

  const movesOn = (error: unknown): boolean => {
    if (on.has(toResultError(error).code)) return true;
    return on.has('retryable') && FlotillaError.isInstance(error) && error.retryable;
  };

  async function run(input: I, ctx: AgentContext): Promise<O> {
    const attempts: FallbackAttempt[] = [];
    // What the scheduler reserved for the chain (at least the first agent's estimate) and what is spent of it.
    let held = first.estimateCostUsd?.(input, ctx.prompt) ?? 0;
    let spent = 0;
    let lastError: unknown;
    for (let position = 0; position < chain.length; position++) {
      const agent = chain[position]!;
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const attempt: FallbackAttempt = { agent: agent.name, ...(agent.model === undefined ? {} : { model: agent.model }), costUsd: 0 };
      attempts.push(attempt);
      let permit: CircuitPermit | undefined;
      if (circuit) {
        const decision = breakerFor(circuit, agent.model ?? agent.name).tryAcquire();
        if (!decision.allowed) {
          attempt.error = toResultError(decision.error);
          lastError = decision.error;
          if (movesOn(decision.error)) continue;
          break;
        }
        permit = decision;
      }
      let notes: Partial<ResultMeta> | undefined;
      const attemptCtx: AgentContext = {
        get signal() {
          return ctx.signal;
        },
        prompt: ctx.prompt,
        index: ctx.index,
        attempt: ctx.attempt,
        depth: ctx.depth,
        reportCost(usd) {
          ctx.reportCost(usd);
          attempt.costUsd += usd;
          spent += usd;
        },
        async reserve(usd) {
          await ctx.reserve(usd);
          held += usd;
        },
        dispatch: (child) => ctx.dispatch(child),
        annotate(meta) {
          notes = { ...notes, ...meta };
        },
      };
      try {
        if (position > 0 && agent.estimateCostUsd) {
          const need = agent.estimateCostUsd(input, ctx.prompt) - (held - spent);
          if (need > 0) await attemptCtx.reserve(need);
        }
        const value = await agent.run(input, attemptCtx);
        permit?.done(true);
        ctx.annotate({ ...notes, fallbackChain: summary(attempts, position) });
        return value;
      } catch (error) {
        if (ctx.signal.aborted) {
          permit?.release();
          ctx.annotate({ fallbackChain: summary(attempts, undefined, toResultError(error)) });
          throw error;
        }
        permit?.done(false);
        attempt.error = toResultError(error);
        lastError = error;
        if (!movesOn(error)) break;
      }
    }
    ctx.annotate({ fallbackChain: summary(attempts, undefined) });
    throw lastError;
  }

  const definition: AgentDefinition<I, O> = {
    name: options.name ?? `fallbackChain(${chain.map((agent) => agent.name).join(',')})`,
    version: configFingerprint(chain.map((agent) => ({ name: agent.name, version: agent.version ?? null, model: agent.model ?? null }))),
    run,
  };
  if (first.estimateCostUsd) {
    const estimate = first.estimateCostUsd.bind(first);
    definition.estimateCostUsd = (input, prompt) => estimate(input, prompt);
  }
  return definition;

  function summary(attempts: FallbackAttempt[], answered: number | undefined, cut?: ReturnType<typeof toResultError>): FallbackChainMeta {
    const last = attempts[attempts.length - 1];
    if (cut && last && !last.error) last.error = cut;
    return {
      answeredBy: answered === undefined ? undefined : chain[answered]!.name,
      answeredIndex: answered,
      attempts: attempts.map((attempt) => ({ ...attempt })),
    };
  }
}
