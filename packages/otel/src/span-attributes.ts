/**
 * Attribute names on Flotilla's spans. GenAI names follow the OpenTelemetry
 * semantic conventions for generative AI; the rest are Flotilla's own,
 * under `flotilla.`.
 */
export const ATTR = Object.freeze({
  /** GenAI: the operation (`chat` for a model call). */
  genAiOperation: 'gen_ai.operation.name',
  /** GenAI: the model asked for. */
  genAiRequestModel: 'gen_ai.request.model',
  /** GenAI: the model that answered, when the provider said. */
  genAiResponseModel: 'gen_ai.response.model',
  /** GenAI: input tokens used. */
  genAiInputTokens: 'gen_ai.usage.input_tokens',
  /** GenAI: output tokens used. */
  genAiOutputTokens: 'gen_ai.usage.output_tokens',
  /** Input tokens read from the provider's prompt cache. */
  cachedInputTokens: 'flotilla.usage.cached_input_tokens',
  /** Reasoning tokens (part of the output tokens). */
  reasoningTokens: 'flotilla.usage.reasoning_tokens',
  /** The agent's name. */
  agentName: 'flotilla.agent.name',
  /** The agent's version. */
  agentVersion: 'flotilla.agent.version',
  /** Nesting depth of the run (0 at top level). */
  depth: 'flotilla.depth',
  /** Inputs known up front. */
  inputCount: 'flotilla.inputs.count',
  /** Prefix of the run's limits, e.g. `flotilla.limits.maxConcurrent`. */
  limitsPrefix: 'flotilla.limits.',
  /** Why the run ended. */
  stopReason: 'flotilla.stop_reason',
  /** USD spent (a run's, or an attempt's). */
  costUsd: 'flotilla.cost_usd',
  /** USD an early decision saved. */
  savedUsd: 'flotilla.saved_usd',
  /** Prefix of a run's counters, e.g. `flotilla.stats.succeeded`. */
  statsPrefix: 'flotilla.stats.',
  /** The input's position. */
  index: 'flotilla.index',
  /** 1 for a first attempt, 2 for the first retry. */
  attempt: 'flotilla.attempt',
  /** `ok`, or the error code of a failed attempt. */
  outcome: 'flotilla.outcome',
  /** How long the attempt ran, in milliseconds. */
  durationMs: 'flotilla.duration_ms',
  /** `true` on the span of a result served from the cache. */
  cached: 'flotilla.cached',
  /** `true` when the dispatch's fallback agent ran because the circuit was open. */
  fallback: 'flotilla.fallback',
  /** Which agent of a fallback chain answered. */
  answeredBy: 'flotilla.fallback_chain.answered_by',
  /** How many agents of a fallback chain were tried. */
  chainAttempts: 'flotilla.fallback_chain.attempts',
});
