import { afterEach, describe, expect, it } from 'vitest';
import {
  dispatch,
  rateLimit,
  rateLimitReport,
  type AgentContext,
  type RateLimitReport,
  type RateUsage,
  type WeightedRateLimiter,
} from '../../src/index.js';
import { openAICompatibleAgent } from '../../src/providers/openai-compatible.js';
import { estimatePromptTokens } from '../../src/providers/token-estimate.js';
import { startChatServer, type ChatServer } from './chat-server.js';

const prices = { inputPerMillion: 1, outputPerMillion: 2 };
const limitHeaders = {
  'x-ratelimit-limit-requests': '500',
  'x-ratelimit-remaining-requests': '499',
  'x-ratelimit-reset-requests': '120ms',
  'x-ratelimit-limit-tokens': '30000',
  'x-ratelimit-remaining-tokens': '29000',
  'x-ratelimit-reset-tokens': '2s',
};
let server: ChatServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A context that records what the agent reports for the rate limiter. */
function usageCtx(prompt?: string) {
  const reports: RateUsage[] = [];
  const ctx: AgentContext = {
    signal: new AbortController().signal,
    prompt,
    index: 0,
    attempt: 1,
    depth: 0,
    reportCost: () => undefined,
    reserve: async () => undefined,
    reportUsage: (usage) => void reports.push(usage),
  };
  return { ctx, reports };
}

/** A real `rateLimit` that records what the scheduler asks of it. */
function spyLimiter(inner: WeightedRateLimiter) {
  const log = { acquired: [] as number[], reconciled: [] as number[], observed: [] as RateLimitReport[], started: 0 };
  const limiter: WeightedRateLimiter = {
    async acquire(signal, tokens) {
      log.acquired.push(tokens ?? 0);
      const permit = await inner.acquire(signal, tokens);
      return {
        reconcile(actual) {
          log.reconciled.push(actual);
          permit.reconcile(actual);
        },
        start: () => {
          log.started++;
          permit.start?.();
        },
      };
    },
    pause: (ms) => inner.pause(ms),
    observe(report) {
      log.observed.push(report);
      inner.observe(report);
    },
  };
  return { limiter, log };
}

describe('rateLimitReport', () => {
  it('reads the x-ratelimit-* headers, Go-style durations included', () => {
    expect(rateLimitReport(new Headers(limitHeaders))).toEqual({
      limitRequests: 500,
      remainingRequests: 499,
      resetRequestsMs: 120,
      limitTokens: 30000,
      remainingTokens: 29000,
      resetTokensMs: 2000,
    });
    expect(rateLimitReport(new Headers({ 'x-ratelimit-reset-tokens': '6m0s' }))).toEqual({ resetTokensMs: 360_000 });
    expect(rateLimitReport(new Headers({ 'x-ratelimit-reset-tokens': '1h2m3.5s' }))).toEqual({ resetTokensMs: 3_723_500 });
    expect(rateLimitReport(new Headers({ 'x-ratelimit-reset-requests': '1.5' }))).toEqual({ resetRequestsMs: 1500 });
  });

  it('leaves out what it cannot read and returns undefined when nothing is there', () => {
    expect(rateLimitReport(new Headers())).toBeUndefined();
    expect(
      rateLimitReport(
        new Headers({ 'x-ratelimit-remaining-tokens': '-5', 'x-ratelimit-limit-tokens': '1e9', 'x-ratelimit-reset-tokens': 'soon', 'x-ratelimit-limit-requests': '10' }),
      ),
    ).toEqual({ limitRequests: 10 });
  });
});

describe('openAICompatibleAgent: rate-limit feedback', () => {
  it('estimates a call as the prompt estimate plus maxTokens', () => {
    const agent = openAICompatibleAgent({ baseURL: 'http://127.0.0.1:1/v1', model: 'm', prices, maxTokens: 300, system: 'Be brief.' });
    expect(agent.estimateTokens!('ignored', 'Classify: apples')).toBe(estimatePromptTokens(['Be brief.', 'Classify: apples']) + 300);
    expect(agent.estimateTokens!('the input itself', undefined)).toBe(estimatePromptTokens(['Be brief.', 'the input itself']) + 300);
  });

  it('reports usage tokens and the provider headers after a call', async () => {
    server = await startChatServer(() => ({ headers: limitHeaders, usage: { prompt_tokens: 40, completion_tokens: 12 } }));
    const agent = openAICompatibleAgent({ baseURL: server.baseURL, model: 'm', prices, maxTokens: 50 });
    const { ctx, reports } = usageCtx('hello');
    await agent.run('hello', ctx);
    expect(reports).toEqual([{ tokens: 52, limits: rateLimitReport(new Headers(limitHeaders)) }]);
  });

  it('reports a 429 as 0 tokens with its headers, and a 500 without a token count', async () => {
    let n = 0;
    server = await startChatServer(() => ({ status: ++n === 1 ? 429 : 500, headers: { ...limitHeaders, 'retry-after-ms': '30' }, json: { error: { message: 'slow down' } } }));
    const agent = openAICompatibleAgent({ baseURL: server.baseURL, model: 'm', prices, maxTokens: 50 });
    const { ctx, reports } = usageCtx('hello');
    await expect(agent.run('hello', ctx)).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 30 });
    await expect(agent.run('hello', ctx)).rejects.toMatchObject({ code: 'agent_error' });
    expect(reports).toEqual([{ tokens: 0, limits: rateLimitReport(new Headers(limitHeaders)) }, { limits: rateLimitReport(new Headers(limitHeaders)) }]);
  });
});

describe('dispatch with a token-metering rate limiter', () => {
  it('acquires with the agent estimate, reconciles the usage and hands the headers to the limiter', async () => {
    server = await startChatServer(() => ({ headers: limitHeaders, usage: { prompt_tokens: 20, completion_tokens: 5 } }));
    const agent = openAICompatibleAgent({ baseURL: server.baseURL, model: 'm', prices, maxTokens: 100 });
    const { limiter, log } = spyLimiter(rateLimit({ requestsPerMinute: 1000, tokensPerMinute: 100_000 }));
    const run = await dispatch({ agent, inputs: ['a', 'b', 'c'], rateLimiter: limiter, cache: false });
    expect(run.results.every((r) => r.ok)).toBe(true);
    expect(log.acquired).toEqual(['a', 'b', 'c'].map((p) => agent.estimateTokens!(p, undefined)));
    expect(log.reconciled).toEqual([25, 25, 25]);
    expect(log.started).toBe(3);
    expect(log.observed).toHaveLength(3);
    expect(log.observed[0]).toMatchObject({ remainingTokens: 29000, resetTokensMs: 2000 });
  });

  it('gives the whole estimate back when the attempt never ran, and keeps it when the agent reported nothing', async () => {
    const { limiter, log } = spyLimiter(rateLimit({ tokensPerMinute: 100_000 }));
    const run = await dispatch({
      agent: { name: 'silent', run: async () => 'done', estimateTokens: () => 700 },
      inputs: [1, 2],
      rateLimiter: limiter,
      cache: false,
      limits: { maxConcurrent: 1, maxTotalAgents: 1 },
    });
    expect(run.results.map((r) => r.ok)).toEqual([true, false]);
    expect(log.acquired).toEqual([700, 700]);
    // The first ran and reported nothing: its estimate stands. The second was refused by maxTotalAgents.
    expect(log.reconciled).toEqual([0]);
    expect(log.started).toBe(1);
  });

  it('fails an item whose estimateTokens throws or returns nonsense, saying what to fix', async () => {
    const run = await dispatch({
      agent: {
        name: 'bad-estimate',
        run: async () => 'never',
        estimateTokens: (input: number) => {
          if (input === 0) throw new Error('boom');
          return input === 1 ? Number.NaN : 10;
        },
      },
      inputs: [0, 1, 2],
      rateLimiter: rateLimit({ tokensPerMinute: 1000 }),
      cache: false,
    });
    expect(run.results.map((r) => r.error?.code)).toEqual(['agent_error', 'agent_error', undefined]);
    expect(run.results[0]!.error!.message).toMatch(/estimateTokens of agent "bad-estimate" threw/);
    expect(run.results[1]!.error!.message).toMatch(/returned NaN; return a finite number/);
  });

  it('holds back calls when the provider reports the key used up by another client', async () => {
    const started: number[] = [];
    const t0 = performance.now();
    server = await startChatServer(() => {
      started.push(performance.now() - t0);
      return { headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '300ms' }, usage: { prompt_tokens: 1, completion_tokens: 1 } };
    });
    const agent = openAICompatibleAgent({ baseURL: server.baseURL, model: 'm', prices, maxTokens: 10 });
    const limiter = rateLimit({ requestsPerMinute: 100 });
    for (const input of ['a', 'b']) {
      const run = await dispatch({ agent, inputs: [input], rateLimiter: limiter, cache: false });
      expect(run.results[0]!.ok).toBe(true);
    }
    // The second call waited for the reported reset (a lower bound only: load can only add delay).
    expect(started[1]! - started[0]!).toBeGreaterThanOrEqual(290);
  });
});
