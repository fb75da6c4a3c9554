import {
  AgentError,
  configFingerprint,
  estimatePromptTokens,
  estimateTokens,
  InvalidOptionsError,
  type AgentContext,
  type AgentDefinition,
  type TokenUsage,
} from '@flotilla/core';
import { asSchema, generateText, NoObjectGeneratedError, Output, type FlexibleSchema, type LanguageModel } from 'ai';
import { fromAiSdkError } from './ai-call-error.js';
import { modelIdentity } from './model-identity.js';
import { tablePricer } from './price-table.js';
import { fixedPricer, type Pricer, type TokenCounts, type TokenPrices } from './token-prices.js';
import { UnknownModelPricesError } from './unknown-prices-error.js';

type GenerateTextOptions = Parameters<typeof generateText>[0];

/** Generation settings passed to the AI SDK; all part of the agent's cache identity. */
export interface AiSdkSettings {
  /** Sampling temperature. */
  temperature?: number;
  /** Nucleus sampling. */
  topP?: number;
  /** Top-k sampling. */
  topK?: number;
  /** Presence penalty. */
  presencePenalty?: number;
  /** Frequency penalty. */
  frequencyPenalty?: number;
  /** Sequences that end the answer. */
  stopSequences?: string[];
  /** Seed for providers that support deterministic sampling. */
  seed?: number;
}

/** Options of {@link aiSdkAgent}. */
export interface AiSdkAgentOptions {
  /** An AI SDK language model (`openai('gpt-4o-mini')`) or a gateway id (`'openai/gpt-4o-mini'`). */
  model: LanguageModel;
  /** Most output tokens per answer; the worst-case cost assumes all of them. An integer >= 1. */
  maxOutputTokens: number;
  /** A system prompt sent before every prompt. */
  system?: string;
  /**
   * Ask for structured output checked by this schema (zod, any Standard
   * Schema validator, or the AI SDK's `jsonSchema`); the agent returns the
   * validated object. An answer that fails it fails the item (not retried).
   */
  schema?: FlexibleSchema<unknown>;
  /** USD per million tokens; overrides the price table. Required for a model the table does not know. */
  prices?: TokenPrices;
  /** Generation settings (temperature, ...). */
  settings?: AiSdkSettings;
  /** Provider-specific options, passed through to the AI SDK. */
  providerOptions?: GenerateTextOptions['providerOptions'];
  /** Name in cache keys, events and circuit registries (default `<provider>/<model id>`). */
  name?: string;
  /**
   * Version in cache keys. Default: a fingerprint of the provider, model id,
   * system prompt, schema, output limit, settings and provider options, so
   * changing any of them never reuses old answers.
   */
  version?: string;
}

/** {@link AiSdkAgentOptions} with a schema: the agent returns what the schema accepts. */
export type AiSdkAgentSchemaOptions<O> = AiSdkAgentOptions & {
  /** The schema of the answer. */
  schema: FlexibleSchema<O>;
};

/**
 * A Flotilla agent that calls an AI SDK model with `generateText` (with
 * structured output when `schema` is given): the prompt is `ctx.prompt`
 * (the dispatch's `template` filled from the input), else the input itself
 * when it is a string, else the input as JSON.
 *
 * Budget: `estimateCostUsd` is the worst case of one call (a generous
 * prompt token estimate plus `maxOutputTokens`, at the model's prices), which
 * the dispatch reserves before the agent starts, so `maxTotalCostUsd` holds
 * by construction. After the call the actual cost is reported from the
 * result's `usage` (input, cached input, cache writes, output and reasoning
 * tokens, each at its own price) and the usage is attached as
 * `result.meta.usage`. A count the provider did not report is taken at its
 * worst case; an aborted call is counted at its worst case too (it may have
 * been billed).
 *
 * Prices come from `@pydantic/genai-prices` by provider and model id;
 * `prices` overrides them. A model the table does not know, without
 * `prices`, throws {@link UnknownModelPricesError} here, at construction.
 *
 * Errors: the AI SDK's own retries are off (`maxRetries: 0`) so that
 * Flotilla's retry, rate limiter and budget see every attempt; a 429 throws
 * `RateLimitedError` with the response's retry-after, a 5xx a retryable
 * `AgentError`; an abort ends with the run's stop or timeout code.
 *
 * @example
 * import { openai } from '@ai-sdk/openai';
 * const classify = aiSdkAgent({ model: openai('gpt-4o-mini'), maxOutputTokens: 20,
 *   schema: z.object({ label: z.enum(['food', 'travel', 'other']) }) });
 * const run = await dispatch({ agent: classify, inputs, template: 'Classify: {text}', limits: { maxTotalCostUsd: 0.5 } });
 */
export function aiSdkAgent<I = unknown, O = unknown>(options: AiSdkAgentSchemaOptions<O>): AgentDefinition<I, O>;
export function aiSdkAgent<I = unknown>(options: AiSdkAgentOptions & { schema?: undefined }): AgentDefinition<I, string>;
export function aiSdkAgent<I = unknown>(options: AiSdkAgentOptions): AgentDefinition<I, unknown>;
export function aiSdkAgent<I = unknown>(options: AiSdkAgentOptions): AgentDefinition<I, unknown> {
  if (!options || typeof options !== 'object' || options.model === undefined || options.model === null) {
    throw new InvalidOptionsError('aiSdkAgent needs { model, maxOutputTokens }: an AI SDK language model and the most output tokens per answer');
  }
  const { maxOutputTokens } = options;
  if (!(Number.isInteger(maxOutputTokens) && maxOutputTokens >= 1)) {
    throw new InvalidOptionsError(`aiSdkAgent: maxOutputTokens must be an integer >= 1 (it bounds the worst-case cost), got ${String(maxOutputTokens)}`);
  }
  const identity = modelIdentity(options.model);
  const label = `${identity.provider}/${identity.modelId}`;
  const pricer = pricerFor(options.prices, identity, label);
  const schemaJson = options.schema === undefined ? undefined : syncJsonSchema(options.schema);
  if (options.schema !== undefined && schemaJson === undefined && options.version === undefined) {
    throw new InvalidOptionsError(`aiSdkAgent (${label}): the schema's JSON Schema is only available asynchronously, so it cannot be part of the cache identity; pass a version`);
  }
  // The JSON Schema some providers add to the prompt counts as input.
  const schemaTokens = schemaJson === undefined ? 0 : estimateTokens(JSON.stringify(schemaJson));
  const system = options.system;
  const version =
    options.version ??
    configFingerprint({
      provider: identity.provider,
      model: identity.modelId,
      system: system ?? null,
      schema: schemaJson ?? null,
      maxOutputTokens,
      settings: options.settings ?? null,
      providerOptions: options.providerOptions ?? null,
    });

  const promptTokens = (prompt: string) => estimatePromptTokens(system === undefined ? [prompt] : [system, prompt]) + schemaTokens;
  const worstCase = (prompt: string): number => {
    const inputTokens = promptTokens(prompt);
    // Whichever way the provider splits the tokens (cache writes, reasoning), take the dearest.
    let worst = 0;
    for (const cacheWriteTokens of [0, inputTokens]) {
      for (const reasoningTokens of [0, maxOutputTokens]) {
        worst = Math.max(worst, pricer.costUsd({ inputTokens, cacheWriteTokens, outputTokens: maxOutputTokens, reasoningTokens }));
      }
    }
    return worst;
  };

  async function run(input: I, ctx: AgentContext): Promise<unknown> {
    const prompt = promptOf(input, ctx);
    let result: Awaited<ReturnType<typeof generateText>>;
    try {
      result = await generateText({
        model: options.model,
        ...(system === undefined ? {} : { system }),
        prompt,
        maxOutputTokens,
        maxRetries: 0,
        abortSignal: ctx.signal,
        ...options.settings,
        ...(options.providerOptions === undefined ? {} : { providerOptions: options.providerOptions }),
        ...(options.schema === undefined ? {} : { output: Output.object({ schema: options.schema }) }),
      });
    } catch (error) {
      if (ctx.signal.aborted) {
        ctx.reportCost(worstCase(prompt));
        throw ctx.signal.reason;
      }
      if (NoObjectGeneratedError.isInstance(error)) {
        // The model answered (and was billed) but the answer failed the schema.
        if (error.usage) account(ctx, error.usage, prompt, error.response?.modelId);
        else ctx.reportCost(worstCase(prompt));
        throw new AgentError(`${label}: the answer does not match the schema (${error.message}); fix the prompt or the schema`, { retryable: false, cause: error });
      }
      throw fromAiSdkError(error, label);
    }
    account(ctx, result.totalUsage ?? result.usage, prompt, result.response?.modelId);
    return options.schema === undefined ? result.text : result.output;
  }

  function account(ctx: AgentContext, usage: UsageLike | undefined, prompt: string, responseModel: string | undefined): void {
    const counts = countsOf(usage, promptTokens(prompt), maxOutputTokens);
    const tokenUsage: TokenUsage = { inputTokens: counts.inputTokens, outputTokens: counts.outputTokens };
    if (counts.cachedInputTokens !== undefined) tokenUsage.cachedInputTokens = counts.cachedInputTokens;
    if (counts.cacheWriteTokens !== undefined) tokenUsage.cacheWriteTokens = counts.cacheWriteTokens;
    if (counts.reasoningTokens !== undefined) tokenUsage.reasoningTokens = counts.reasoningTokens;
    if (responseModel !== undefined) tokenUsage.responseModel = responseModel;
    ctx.annotate({ usage: tokenUsage });
    ctx.reportCost(pricer.costUsd(counts));
  }

  return {
    name: options.name ?? label,
    version,
    model: identity.modelId,
    run,
    estimateCostUsd: (input: I, prompt: string | undefined) => worstCase(prompt ?? promptFromInput(input)),
  };
}

/** The part of the AI SDK's `LanguageModelUsage` read here (6.x and 7.x shapes, older fields as fallbacks). */
interface UsageLike {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  inputTokenDetails?: { cacheReadTokens?: number | undefined; cacheWriteTokens?: number | undefined } | undefined;
  outputTokenDetails?: { reasoningTokens?: number | undefined } | undefined;
  cachedInputTokens?: number | undefined;
  reasoningTokens?: number | undefined;
}

function countsOf(usage: UsageLike | undefined, estimatedInput: number, maxOutputTokens: number): TokenCounts {
  const count = (value: number | undefined) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const counts: TokenCounts = {
    // A count the provider left out is taken at its worst case, never as 0.
    inputTokens: count(usage?.inputTokens) ?? estimatedInput,
    outputTokens: count(usage?.outputTokens) ?? maxOutputTokens,
  };
  const cached = count(usage?.inputTokenDetails?.cacheReadTokens) ?? count(usage?.cachedInputTokens);
  const written = count(usage?.inputTokenDetails?.cacheWriteTokens);
  const reasoning = count(usage?.outputTokenDetails?.reasoningTokens) ?? count(usage?.reasoningTokens);
  if (cached !== undefined) counts.cachedInputTokens = cached;
  if (written !== undefined) counts.cacheWriteTokens = written;
  if (reasoning !== undefined) counts.reasoningTokens = reasoning;
  return counts;
}

function pricerFor(prices: TokenPrices | undefined, identity: { provider: string; modelId: string }, label: string): Pricer {
  if (prices !== undefined) return fixedPricer(prices);
  const table = tablePricer(identity);
  if (table) return table;
  throw new UnknownModelPricesError(
    `aiSdkAgent: no price known for ${label} in @pydantic/genai-prices, so its cost could be neither reserved nor reported; pass prices: { inputPerMillion, outputPerMillion } (USD per million tokens; zeros for a free local model)`,
  );
}

function syncJsonSchema(schema: FlexibleSchema<unknown>): unknown {
  const json = asSchema(schema).jsonSchema;
  return json !== null && typeof json === 'object' && typeof (json as PromiseLike<unknown>).then === 'function' ? undefined : json;
}

function promptOf(input: unknown, ctx: AgentContext): string {
  return ctx.prompt ?? promptFromInput(input);
}

function promptFromInput(input: unknown): string {
  if (typeof input === 'string') return input;
  return JSON.stringify(input) ?? String(input);
}
