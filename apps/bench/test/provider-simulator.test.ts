import { afterEach, describe, expect, it } from 'vitest';
import { startProvider, type SimulatedProvider } from '../src/lib/provider-simulator.js';

let provider: SimulatedProvider | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

const config = { requestsPerMinute: 3, tokensPerMinute: 1000, windowMs: 60_000, latencyMedianMs: 1, latencySigma: 0.1, errorRate: 0, seed: 1 };

async function ask(baseURL: string, id: number, chars: number, maxTokens = 10) {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-1', messages: [{ role: 'user', content: `#${id} `.padEnd(chars, 'x') }], max_tokens: maxTokens }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { usage?: { prompt_tokens: number; completion_tokens: number } } };
}

describe('the simulated provider', () => {
  it('bills prompt and completion tokens in usage and sends x-ratelimit-* on every answer', async () => {
    provider = await startProvider(config);
    const answer = await ask(provider.baseURL, 0, 400);
    expect(answer.status).toBe(200);
    expect(answer.body.usage!.prompt_tokens).toBe(100);
    expect(answer.body.usage!.completion_tokens).toBeGreaterThanOrEqual(3);
    expect(answer.body.usage!.completion_tokens).toBeLessThanOrEqual(10);
    expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(answer.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
    expect(Number(answer.headers.get('x-ratelimit-remaining-tokens'))).toBe(1000 - 100 - answer.body.usage!.completion_tokens);
    expect(answer.headers.get('x-ratelimit-reset-tokens')).toMatch(/^\d+ms$/);
  });

  it('answers 429 with retry-after-ms once a request would pass the TPM, then the RPM, counting refusals against the RPM', async () => {
    provider = await startProvider(config);
    expect((await ask(provider.baseURL, 0, 3200)).status).toBe(200); // 800 + completion tokens
    const refused = await ask(provider.baseURL, 1, 1200);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after-ms'))).toBeGreaterThan(59_000);
    // The refused request counts against the request quota, as OpenAI's do.
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect((await ask(provider.baseURL, 2, 40)).status).toBe(200);
    const full = await ask(provider.baseURL, 3, 40);
    expect(full.status).toBe(429);
    expect(full.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(provider.counters).toMatchObject({ requests: 4, rejected429: 2, succeeded: 2 });
    // Refusals are not admissions: the peak counts only what the provider served.
    expect(provider.counters.peakWindowRequests).toBe(2);
    expect(provider.items.get(1)!.doneAt).toBeUndefined();
    expect(provider.items.get(0)!.doneAt).toBeGreaterThanOrEqual(provider.items.get(0)!.firstAt);
  });

  it('fails about errorRate of admitted requests with 500 or 503', async () => {
    provider = await startProvider({ ...config, requestsPerMinute: 1000, tokensPerMinute: 1_000_000, errorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await ask(provider.baseURL, i, 40)).status);
    const failed = statuses.filter((status) => status === 500 || status === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
    expect(provider.counters.errors5xx).toBe(failed);
  });
});
