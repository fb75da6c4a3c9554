/**
 * What the `provider-limits` scenario pushes through its simulated provider,
 * shared by the one-process and the four-process shapes (the worker
 * processes rebuild the same seeded workload): the provider's quotas, the
 * prompts, the hand-written client with backoff, and a Flotilla dispatch.
 */
import type { RateLimiter } from '@flotilla/core';
import { core } from './core.js';
import { size } from './mode.js';
import { mulberry32 } from './prng.js';
import { SENT_AT_HEADER, type ProviderConfig } from './provider-simulator.js';

export const SEED = 16_016;
export const N = size(400, 60);
/** Concurrency of the one-process shape; the four processes get a quarter each. */
export const CONCURRENCY = 64;
export const MAX_TOKENS = 256;
export const ATTEMPTS = 12;
/**
 * How long past the window a grant keeps counting. The default (1% of the
 * window) assumes a real minute, 600 ms; this "minute" is compressed but the
 * delay between a grant and the provider's count (event loop, sockets) is
 * not, so the margin is set in milliseconds: 2% of the 2 s window, about
 * more than the send-to-count lag the scenario measures (its notes give the
 * figures). At 20 ms (the default for this window) some runs on a 2-core
 * machine drew 429s; at 40 ms repeated runs drew none.
 */
export const MARGIN_MS = size(40, 50);
export const PRICES = { inputPerMillion: 0.15, outputPerMillion: 0.6 };
export const PROVIDER: ProviderConfig = {
  requestsPerMinute: size(200, 40),
  tokensPerMinute: size(50_000, 12_000),
  windowMs: size(2000, 500),
  latencyMedianMs: size(60, 20),
  latencySigma: 0.5,
  errorRate: 0.01,
  seed: SEED,
};

/** Prompt sizes: Pareto (alpha 1.1) from 100 tokens, capped at 8,000, so a few huge prompts make TPM bind. */
export function workload(): string[] {
  const random = mulberry32(SEED);
  return Array.from({ length: N }, (_, id) => {
    const tokens = Math.min(8000, Math.round(100 / Math.pow(1 - random(), 1 / 1.1)));
    const head = `#${id} `;
    return head + 'lorem '.repeat(Math.max(0, Math.floor((tokens * 4 - head.length) / 6)));
  });
}

/** One call as a hand-written client makes it: the HTTP status and the server's retry-after. */
async function call(baseURL: string, prompt: string): Promise<{ status: number; retryAfterMs: number | undefined }> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-1', messages: [{ role: 'user', content: prompt }], max_tokens: MAX_TOKENS }),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfterMs: core.retryAfterMs(response.headers) };
}

/** What users write by hand: retry 429 and 5xx with full-jitter exponential backoff, honouring retry-after. */
export async function callWithBackoff(baseURL: string, prompt: string, random: () => number): Promise<boolean> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const { status, retryAfterMs } = await call(baseURL, prompt);
    if (status === 200) return true;
    if (status !== 429 && status < 500) return false;
    const backoff = random() * Math.min(5000, 100 * 2 ** attempt);
    await new Promise((resolve) => setTimeout(resolve, Math.max(retryAfterMs ?? 0, backoff)));
  }
  return false;
}

/** What one contender (or one process of it) reports: prompts answered, and the adaptive limit when it had one. */
export interface ContenderResult {
  ok: number;
  limit?: { min: number; max: number; final: number };
}

/** The provider's quotas as `rateLimit` options, optionally divided among `share` processes. */
export function limits(share = 1): { requestsPerMinute: number; tokensPerMinute: number } {
  return {
    requestsPerMinute: Math.max(1, Math.floor(PROVIDER.requestsPerMinute / share)),
    tokensPerMinute: Math.max(1, Math.floor(PROVIDER.tokensPerMinute / share)),
  };
}

/** `fetch` with the send time in {@link SENT_AT_HEADER}. */
function stampedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.set(SENT_AT_HEADER, String(performance.timeOrigin + performance.now()));
  return fetch(input, { ...init, headers });
}

/** One Flotilla dispatch of `prompts` through the OpenAI-compatible agent (header feedback on) under `rateLimiter`. */
export async function flotilla(
  baseURL: string,
  prompts: string[],
  rateLimiter: RateLimiter,
  options: { adaptive?: boolean; concurrency?: number; seed?: number } = {},
): Promise<ContenderResult> {
  const agent = core.openAICompatibleAgent({ baseURL, model: 'sim-1', prices: PRICES, maxTokens: MAX_TOKENS, fetch: stampedFetch });
  const run = await core.dispatch({
    agent,
    inputs: prompts,
    rateLimiter,
    cache: false,
    retry: { attempts: ATTEMPTS, baseDelayMs: 100, maxDelayMs: 5000, random: mulberry32(options.seed ?? SEED + 4) },
    limits: { maxConcurrent: options.concurrency ?? CONCURRENCY, ...(options.adaptive ? { adaptiveConcurrency: true } : {}) },
  });
  return { ok: run.stats.succeeded, ...(run.stats.concurrencyLimit ? { limit: run.stats.concurrencyLimit } : {}) };
}
