/**
 * Provider rate limits: the same 60 prompts through one provider key that
 * allows 60 requests and 20,000 tokens per (compressed, one-second) minute.
 * A request-only limiter keeps to the RPM and is answered 429 whenever the
 * tokens run out; `rateLimit` meters tokens too, reconciles each call's
 * `usage`, and follows the provider's `x-ratelimit-*` headers.
 *
 * The provider is simulated in-process through the agent's `fetch` option
 * (OpenAI chat-completions wire format), so the file runs anywhere.
 * Run it alone: `npx tsx docs/samples/provider-limits.ts`
 */
import { dispatch, openAICompatibleAgent, rateLimit, tokenBucket, type RateLimiter } from '@flotilla/core';
import { facts, ms, table } from './format.js';
import { runDirectly } from './run-directly.js';
import { mulberry32 } from './simulated-agent.js';

/** Title of this sample. */
export const title = 'Provider rate limits: tokens per minute, not just requests';

/** Quotas of a simulated provider: requests and tokens per window of `windowMs`. */
export interface ProviderQuota {
  requestsPerMinute: number;
  tokensPerMinute: number;
  windowMs: number;
}

/** The simulated provider's quotas, per window. */
export const QUOTA: Readonly<ProviderQuota> = { requestsPerMinute: 60, tokensPerMinute: 20_000, windowMs: 1000 };

/** What one contender measured. */
export interface ContenderReport {
  /** Its name. */
  name: string;
  /** Wall time of the dispatch, in milliseconds. */
  wallMs: number;
  /** Requests the provider received. */
  requests: number;
  /** Of those, how many it answered 429. */
  rejected: number;
  /** Items that ended ok. */
  succeeded: number;
}

/** Both contenders. */
export interface ProviderLimitsReport {
  /** Prompts sent. */
  prompts: number;
  /** Request-only token bucket, then `rateLimit` with tokens and headers. */
  contenders: ContenderReport[];
}

/**
 * A `fetch` that behaves like an OpenAI-compatible provider with RPM and TPM
 * enforced over a sliding window: 429 with `retry-after-ms` when a request
 * would exceed either, `x-ratelimit-*` headers on every answer, and `usage`
 * billed at 4 characters per prompt token plus 50 completion tokens.
 */
export function simulatedProvider(quota: ProviderQuota = QUOTA) {
  const log: { at: number; tokens: number }[] = [];
  const counts = { requests: 0, rejected: 0 };
  const fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    counts.requests++;
    const body = JSON.parse(String(init?.body)) as { messages: { content: string }[] };
    const promptTokens = Math.ceil(body.messages.reduce((sum, m) => sum + m.content.length, 0) / 4);
    const tokens = promptTokens + 50;
    const now = performance.now();
    while (log.length > 0 && log[0]!.at <= now - quota.windowMs) log.shift();
    const used = log.reduce((sum, entry) => sum + entry.tokens, 0);
    const fits = log.length + 1 <= quota.requestsPerMinute && used + tokens <= quota.tokensPerMinute;
    if (fits) log.push({ at: now, tokens });
    const resetMs = log.length > 0 ? Math.max(1, Math.ceil(log[0]!.at + quota.windowMs - now)) : 0;
    const headers = {
      'content-type': 'application/json',
      'x-ratelimit-limit-requests': String(quota.requestsPerMinute),
      'x-ratelimit-remaining-requests': String(Math.max(0, quota.requestsPerMinute - log.length)),
      'x-ratelimit-reset-requests': `${resetMs}ms`,
      'x-ratelimit-limit-tokens': String(quota.tokensPerMinute),
      'x-ratelimit-remaining-tokens': String(Math.max(0, quota.tokensPerMinute - used - (fits ? tokens : 0))),
      'x-ratelimit-reset-tokens': `${resetMs}ms`,
    };
    if (!fits) {
      counts.rejected++;
      const error = { error: { message: 'Rate limit reached', type: 'tokens' } };
      return new Response(JSON.stringify(error), { status: 429, headers: { ...headers, 'retry-after-ms': String(resetMs) } });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    const completion = {
      choices: [{ message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: 50 },
    };
    return new Response(JSON.stringify(completion), { status: 200, headers });
  };
  return { fetch, counts };
}

/** Seeded prompts of 200 to 1,500 tokens (at 4 characters a token). */
export function prompts(count: number, seed = 7): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => `#${i} ` + 'word '.repeat(Math.round((200 + random() * 1300) * 4) / 5));
}

async function contender(name: string, limiter: RateLimiter, inputs: string[]): Promise<ContenderReport> {
  const provider = simulatedProvider();
  const agent = openAICompatibleAgent({
    baseURL: 'http://provider.invalid/v1',
    model: 'sim-1',
    prices: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    maxTokens: 60,
    fetch: provider.fetch,
  });
  const started = performance.now();
  const run = await dispatch({ agent, inputs, rateLimiter: limiter, cache: false, retry: { attempts: 8, baseDelayMs: 50 }, limits: { maxConcurrent: 16 } });
  return {
    name,
    wallMs: performance.now() - started,
    requests: provider.counts.requests,
    rejected: provider.counts.rejected,
    succeeded: run.stats.succeeded,
  };
}

/** Run both contenders on the same prompts. */
export async function run(options: { prompts?: number } = {}): Promise<ProviderLimitsReport> {
  const inputs = prompts(options.prompts ?? 60);
  const requestOnly = await contender('tokenBucket (requests only)', tokenBucket({ requestsPerSecond: QUOTA.requestsPerMinute, burst: 10 }), inputs);
  const tokens = await contender('rateLimit (RPM + TPM + headers)', rateLimit(QUOTA), inputs);
  return { prompts: inputs.length, contenders: [requestOnly, tokens] };
}

/** The report as lines of text. */
export function render(report: ProviderLimitsReport): string[] {
  return [
    ...facts([
      ['prompts', String(report.prompts)],
      ['provider quota', `${QUOTA.requestsPerMinute} requests and ${QUOTA.tokensPerMinute} tokens per ${ms(QUOTA.windowMs)} window`],
    ]),
    '',
    ...table(
      report.contenders.map((c) => [c.name, ms(c.wallMs), String(c.requests), String(c.rejected), `${c.succeeded}/${report.prompts}`]),
      { header: ['limiter', 'wall', 'requests', '429s', 'ok'], align: ['l', 'r', 'r', 'r', 'r'] },
    ),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
