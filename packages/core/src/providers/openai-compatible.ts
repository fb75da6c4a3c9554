import { AgentError, InvalidOptionsError } from '../errors.js';
import type { AgentContext, AgentDefinition } from '../executor/dispatch-options-shape.js';
import { configFingerprint } from './config-fingerprint.js';
import { parseJsonAnswer, type JsonValidator } from './json-output.js';
import { errorFromResponse } from './provider-error.js';
import { rateLimitReport } from './rate-limit-headers.js';
import { estimatePromptTokens, tokenCostUsd, type ModelPrices } from './token-estimate.js';

/** Options of {@link openAICompatibleAgent}. */
export interface OpenAICompatibleOptions {
  /** The API root, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`; `/chat/completions` is appended. */
  baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>`; omit it for local servers that need none. */
  apiKey?: string;
  /** The model name the server expects, e.g. `gpt-4o-mini`. Part of the cache key. */
  model: string;
  /** USD per million input and output tokens, used to reserve and report spend. */
  prices: ModelPrices;
  /** Most output tokens per answer (`max_tokens`); the worst-case reservation assumes all of them. */
  maxTokens: number;
  /** A system message sent before every prompt. */
  system?: string;
  /** Sampling temperature; the server's default when omitted. */
  temperature?: number;
  /**
   * Ask for a JSON answer (`response_format: { type: 'json_object' }`) and
   * return it parsed; pass `{ validate }` to check or narrow it too.
   * A non-JSON or invalid answer fails the item (not retryable).
   */
  json?: boolean | JsonValidator<unknown>;
  /** Agent name for cache keys and events (default `"openai-compatible"`). */
  name?: string;
  /**
   * Agent version for cache keys. Default: a fingerprint of `system`,
   * `temperature`, `maxTokens`, `json` and `extraBody`, so changing any of
   * them never reuses old answers.
   */
  version?: string;
  /** Extra headers sent with every request (e.g. an organization header). */
  headers?: Record<string, string>;
  /** Extra fields merged into the request body (e.g. `{ top_p: 0.9 }`); they override the defaults. */
  extraBody?: Record<string, unknown>;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Options with a JSON validator: the agent returns what `validate` returns. */
export type OpenAICompatibleJsonOptions<O> = OpenAICompatibleOptions & {
  /** Parse the answer as JSON and check it with this validator. */
  json: JsonValidator<O>;
};

/** The part of a chat completions response this agent reads. */
interface ChatCompletion {
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

/**
 * An agent that calls an OpenAI-compatible chat completions API (OpenAI,
 * Azure-compatible gateways, vLLM, Ollama, llama.cpp server) with `fetch`.
 *
 * The prompt is `ctx.prompt` (the dispatch `template` filled from the input),
 * else the input itself when it is a string, else the input as JSON.
 * Its `estimateCostUsd` is the worst-case cost of a call (a generous
 * input-token estimate plus `maxTokens` output at `prices`), which dispatch
 * reserves before the call starts, so a `maxTotalCostUsd` cap holds without
 * setting `costPerAgentUsd` (if you set it too, the larger is held). After the call it reports the actual cost from the
 * response's `usage` (the worst case when the server reports none).
 *
 * Rate limits: the agent declares `estimateTokens` (the prompt estimate plus
 * `maxTokens`), so a token-metering `rateLimiter` (see `rateLimit`) is
 * acquired with that weight before the call; after it, the agent reports the
 * `usage` tokens and the `x-ratelimit-*` headers through `ctx.reportUsage`, so
 * the limiter reconciles the estimate and follows the provider's figures.
 *
 * Errors: HTTP 429 throws a retryable `RateLimitedError` and 5xx a retryable
 * `AgentError`, both with the server's retry-after; other 4xx a
 * non-retryable `AgentError` with the provider's message; network failures
 * are retryable. The request is aborted through `ctx.signal`.
 *
 * @example
 * const agent = openAICompatibleAgent({
 *   baseURL: 'https://api.openai.com/v1',
 *   apiKey: process.env.OPENAI_API_KEY,
 *   model: 'gpt-4o-mini',
 *   prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
 *   maxTokens: 200,
 *   json: { validate: (v) => v as { label: string } },
 * });
 * const run = await dispatch({ agent, inputs, template: 'Classify: {text}. Answer as JSON {"label"}.',
 *   limits: { maxTotalCostUsd: 1 } });
 */
export function openAICompatibleAgent<I = unknown, O = unknown>(options: OpenAICompatibleJsonOptions<O>): AgentDefinition<I, O>;
export function openAICompatibleAgent<I = unknown>(options: OpenAICompatibleOptions & { json: true }): AgentDefinition<I, unknown>;
export function openAICompatibleAgent<I = unknown>(options: OpenAICompatibleOptions & { json?: false | undefined }): AgentDefinition<I, string>;
export function openAICompatibleAgent<I = unknown>(options: OpenAICompatibleOptions): AgentDefinition<I, unknown>;
export function openAICompatibleAgent<I = unknown>(options: OpenAICompatibleOptions): AgentDefinition<I, unknown> {
  checkOptions(options);
  const name = options.name ?? 'openai-compatible';
  const provider = `${name} (${options.model})`;
  const url = `${options.baseURL.replace(/\/+$/, '')}/chat/completions`;
  const json = options.json === undefined || options.json === false ? undefined : options.json;
  const validator = typeof json === 'object' ? json : undefined;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const version =
    options.version ??
    configFingerprint({
      system: options.system ?? null,
      temperature: options.temperature ?? null,
      maxTokens: options.maxTokens,
      json: json !== undefined,
      extraBody: options.extraBody ?? null,
    });

  /** The worst case of one call: a generous estimate of the prompt's tokens plus `maxTokens` output, at `prices`. */
  const worstCaseOf = (messages: { content: string }[]) =>
    tokenCostUsd(options.prices, estimatePromptTokens(messages.map((m) => m.content)), options.maxTokens);

  function estimateCostUsd(input: I, prompt: string | undefined): number {
    return worstCaseOf(buildMessages(promptOf(input, prompt), options.system, json !== undefined));
  }

  function estimate(input: I, prompt: string | undefined): number {
    const messages = buildMessages(promptOf(input, prompt), options.system, json !== undefined);
    return estimatePromptTokens(messages.map((m) => m.content)) + options.maxTokens;
  }

  async function run(input: I, ctx: AgentContext): Promise<unknown> {
    const messages = buildMessages(promptOf(input, ctx.prompt), options.system, json !== undefined);
    // dispatch reserved this worst case before the call (estimateCostUsd).
    const worstCaseUsd = worstCaseOf(messages);

    const body = {
      model: options.model,
      messages,
      max_tokens: options.maxTokens,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(json === undefined ? {} : { response_format: { type: 'json_object' } }),
      ...options.extraBody,
    };
    const response = await send(url, body, ctx.signal);
    const limits = rateLimitReport(response.headers);
    if (!response.ok) {
      // A refused call (429) used no tokens; other failures keep their estimate.
      ctx.reportUsage?.({ ...(response.status === 429 ? { tokens: 0 } : {}), ...(limits ? { limits } : {}) });
      throw await errorFromResponse(response, provider);
    }

    let completion: ChatCompletion;
    try {
      completion = (await response.json()) as ChatCompletion;
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      // The call went through, so it may have been billed: count the worst case.
      ctx.reportCost(worstCaseUsd);
      throw new AgentError(`${provider} sent a response that is not JSON; the call may succeed if retried`, { retryable: true, cause: error });
    }
    ctx.reportCost(actualCostUsd(completion, worstCaseUsd));
    const used = usedTokens(completion);
    ctx.reportUsage?.({ ...(used === undefined ? {} : { tokens: used }), ...(limits ? { limits } : {}) });

    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== 'string') {
      throw new AgentError(`${provider} returned no answer text (choices[0].message.content is missing); check that the server speaks the chat completions API`);
    }
    if (json === undefined) return content;
    if (choice?.finish_reason === 'length') {
      throw new AgentError(`${provider} stopped at maxTokens (${options.maxTokens}) before finishing its JSON answer; raise maxTokens`);
    }
    return parseJsonAnswer(content, validator);
  }

  async function send(target: string, body: unknown, signal: AbortSignal): Promise<Response> {
    try {
      return await doFetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new AgentError(`could not reach ${provider} at ${target} (${reason}); check baseURL and that the server is up`, {
        retryable: true,
        cause: error,
      });
    }
  }

  function actualCostUsd(completion: ChatCompletion, worstCaseUsd: number): number {
    const input = completion.usage?.prompt_tokens;
    const output = completion.usage?.completion_tokens;
    if (!isCount(input) || !isCount(output)) return worstCaseUsd;
    return tokenCostUsd(options.prices, input, output);
  }

  return { name, version, model: options.model, run, estimateCostUsd, estimateTokens: estimate };
}

/** Prompt plus completion tokens from `usage`, when the server reported both. */
function usedTokens(completion: ChatCompletion): number | undefined {
  const input = completion.usage?.prompt_tokens;
  const output = completion.usage?.completion_tokens;
  return isCount(input) && isCount(output) ? input + output : undefined;
}

/** The prompt text of one item: the filled template, else the input itself. */
function promptOf(input: unknown, prompt: string | undefined): string {
  if (prompt !== undefined) return prompt;
  return typeof input === 'string' ? input : JSON.stringify(input);
}

function buildMessages(prompt: string, system: string | undefined, json: boolean): { role: string; content: string }[] {
  const messages: { role: string; content: string }[] = [];
  // OpenAI refuses JSON mode unless a message mentions JSON; say it once when nobody did.
  const ask = json && !/json/i.test(`${system ?? ''} ${prompt}`) ? 'Answer with a single JSON object.' : undefined;
  const systemText = [system, ask].filter((part) => part !== undefined && part !== '').join('\n\n');
  if (systemText !== '') messages.push({ role: 'system', content: systemText });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function checkOptions(options: OpenAICompatibleOptions): void {
  if (!options || typeof options !== 'object') throw new InvalidOptionsError('openAICompatibleAgent needs an options object');
  if (typeof options.baseURL !== 'string' || !/^https?:\/\//.test(options.baseURL)) {
    throw new InvalidOptionsError(`openAICompatibleAgent baseURL must be an http(s) URL such as https://api.openai.com/v1, got ${JSON.stringify(options.baseURL)}`);
  }
  if (typeof options.model !== 'string' || options.model === '') {
    throw new InvalidOptionsError('openAICompatibleAgent model must be a non-empty string, e.g. "gpt-4o-mini"');
  }
  const prices = options.prices;
  for (const key of ['inputPerMillion', 'outputPerMillion'] as const) {
    const price = prices?.[key];
    if (!(typeof price === 'number' && Number.isFinite(price) && price >= 0)) {
      throw new InvalidOptionsError(`openAICompatibleAgent prices.${key} must be a finite number >= 0 (USD per million tokens), got ${String(price)}`);
    }
  }
  if (!(Number.isInteger(options.maxTokens) && options.maxTokens >= 1)) {
    throw new InvalidOptionsError(`openAICompatibleAgent maxTokens must be an integer >= 1, got ${String(options.maxTokens)}`);
  }
  if (options.json !== undefined && typeof options.json !== 'boolean' && typeof options.json?.validate !== 'function') {
    throw new InvalidOptionsError('openAICompatibleAgent json must be true, false or { validate(value) { ... } }');
  }
}
