import { dispatch, estimatePromptTokens, memoryCache, memoryLedger, RateLimitedError, type AgentResult } from '@flotilla/core';
import { APICallError } from 'ai';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSdkAgent, fromAiSdkError, UnknownModelPricesError } from '../src/index.js';
import { answer, mockModel, promptText, wait } from './mock-model.js';

const PRICES = { inputPerMillion: 1, outputPerMillion: 4, cachedInputPerMillion: 0.5, cacheWritePerMillion: 1.25, reasoningPerMillion: 8 };

function apiError(statusCode: number, headers: Record<string, string> = {}) {
  return new APICallError({
    message: `HTTP ${statusCode} from the mock provider`,
    url: 'http://127.0.0.1/mock',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: '{"error":"mock"}',
    isRetryable: statusCode === 429 || statusCode >= 500,
  });
}

describe('aiSdkAgent cost', () => {
  it('reports the cost of the usage, each kind of token at its own price, and attaches the usage', async () => {
    const { model, calls } = mockModel(() => answer('food', { input: 1000, cacheRead: 400, cacheWrite: 100, output: 300, reasoning: 200 }, 'mock-model-2025'));
    const agent = aiSdkAgent({ model, maxOutputTokens: 500, prices: PRICES, system: 'Answer in one word.' });
    const run = await dispatch({ agent, inputs: [{ text: 'pizza' }], template: 'Classify: {text}', cache: false });
    const [result] = run.results as AgentResult<unknown, string>[];
    expect(result!.value).toBe('food');
    // 500 plain input x $1 + 400 cached x $0.5 + 100 written x $1.25 + 100 output x $4 + 200 reasoning x $8, per million
    expect(result!.costUsd).toBeCloseTo((500 * 1 + 400 * 0.5 + 100 * 1.25 + 100 * 4 + 200 * 8) / 1e6, 12);
    expect(result!.meta?.usage).toEqual({ inputTokens: 1000, outputTokens: 300, cachedInputTokens: 400, cacheWriteTokens: 100, reasoningTokens: 200, responseModel: 'mock-model-2025' });
    expect(promptText(calls[0]!)).toBe('Classify: pizza');
    expect(calls[0]!.maxOutputTokens).toBe(500);
    expect(calls[0]!.abortSignal).toBeInstanceOf(AbortSignal);
  });

  it('prices a known model from @pydantic/genai-prices by provider and model id', async () => {
    const { model } = mockModel(() => answer('ok', { input: 2000, cacheRead: 1000, output: 100 }, 'gpt-4o-mini'), { provider: 'openai.chat', modelId: 'gpt-4o-mini' });
    const agent = aiSdkAgent({ model, maxOutputTokens: 100 });
    const run = await dispatch({ agent, inputs: ['hi'], cache: false });
    // gpt-4o-mini in the table: $0.15 input, $0.075 cached input, $0.60 output per million.
    expect(run.results[0]!.costUsd).toBeCloseTo((1000 * 0.15 + 1000 * 0.075 + 100 * 0.6) / 1e6, 12);
    // The estimate uses the same table.
    expect(agent.estimateCostUsd!('hi', undefined)).toBeCloseTo((estimatePromptTokens(['hi']) * 0.15 + 100 * 0.6) / 1e6, 12);
    // A gateway id finds the same prices.
    expect(aiSdkAgent({ model: 'openai/gpt-4o-mini', maxOutputTokens: 100 }).estimateCostUsd!('hi', undefined)).toBeCloseTo(agent.estimateCostUsd!('hi', undefined), 12);
  });

  it('refuses, when made, a model without known prices instead of counting it as free', () => {
    const { model } = mockModel(() => answer('x', { input: 1, output: 1 }), { provider: 'acme.chat', modelId: 'acme-unknown-7b' });
    expect(() => aiSdkAgent({ model, maxOutputTokens: 10 })).toThrow(UnknownModelPricesError);
    expect(() => aiSdkAgent({ model, maxOutputTokens: 10 })).toThrow(/acme\.chat\/acme-unknown-7b.*pass prices/);
    expect(() => aiSdkAgent({ model, maxOutputTokens: 10, prices: { inputPerMillion: 0, outputPerMillion: 0 } })).not.toThrow();
    expect(() => aiSdkAgent({ model, maxOutputTokens: 0, prices: PRICES })).toThrow(/maxOutputTokens/);
    expect(() => aiSdkAgent({ model, maxOutputTokens: 10, prices: { inputPerMillion: -1, outputPerMillion: 0 } })).toThrow(RangeError);
  });

  it('counts a usage the provider did not report at its worst case, never as $0', async () => {
    const { model } = mockModel(() => ({ ...answer('ok', { input: 0, output: 0 }), usage: { inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: undefined, text: undefined, reasoning: undefined } } }));
    const agent = aiSdkAgent({ model, maxOutputTokens: 50, prices: { inputPerMillion: 1, outputPerMillion: 4 } });
    const run = await dispatch({ agent, inputs: ['hello'], cache: false });
    expect(run.results[0]!.costUsd).toBeCloseTo(agent.estimateCostUsd!('hello', undefined), 12);
    expect(run.results[0]!.costUsd).toBeGreaterThan(0);
  });

  it('holds the cap under concurrency whatever the mixed usages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ outPct: fc.integer({ min: 0, max: 100 }), inPct: fc.integer({ min: 10, max: 100 }), ms: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (calls, capTenthCents, maxConcurrent) => {
          let call = 0;
          let running = 0;
          const maxOutputTokens = 400;
          const { model } = mockModel(async (options) => {
            const spec = calls[call++ % calls.length]!;
            running++;
            await wait(spec.ms, options.abortSignal);
            running--;
            const estimateIn = estimatePromptTokens([promptText(options)]);
            return answer('x', { input: Math.floor((estimateIn * spec.inPct) / 100), output: Math.floor((maxOutputTokens * spec.outPct) / 100) });
          });
          const agent = aiSdkAgent({ model, maxOutputTokens, prices: { inputPerMillion: 2, outputPerMillion: 10 } });
          const cap = capTenthCents / 1000;
          const warnings: string[] = [];
          const run = await dispatch({
            agent,
            inputs: Array.from({ length: 30 }, (_, i) => `item ${i} ${'word '.repeat(i % 7)}`),
            cache: false,
            limits: { maxTotalCostUsd: cap, maxConcurrent },
            onEvent: (event) => event.type === 'warning' && warnings.push(event.code),
          });
          expect(run.stats.costUsd).toBeLessThanOrEqual(cap + 1e-12);
          expect(running).toBe(0);
          expect(run.results).toHaveLength(30);
          // Every call that ran was paid for: nothing reported as free.
          expect(run.results.filter((r) => r.attempts > 0).every((r) => r.costUsd > 0 || r.meta?.usage?.outputTokens === 0)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('aiSdkAgent errors', () => {
  it("maps a 429 to RateLimitedError with the response's retry-after, and the AI SDK does not retry it itself", async () => {
    let failures = 1;
    const { model, calls } = mockModel(() => {
      if (failures-- > 0) throw apiError(429, { 'retry-after-ms': '40' });
      return answer('ok', { input: 5, output: 1 });
    });
    const agent = aiSdkAgent({ model, maxOutputTokens: 10, prices: PRICES });
    const once = await dispatch({ agent, inputs: ['a'], cache: false });
    expect(once.results[0]!.error?.code).toBe('rate_limited');
    expect(calls).toHaveLength(1); // maxRetries: 0

    failures = 1;
    calls.length = 0;
    const starts: number[] = [];
    const retried = await dispatch({ agent, inputs: ['a'], cache: false, retry: { attempts: 2, baseDelayMs: 0 }, onEvent: (e) => e.type === 'start' && starts.push(e.attempt) });
    expect(retried.results[0]!.value).toBe('ok');
    expect(retried.results[0]!.attempts).toBe(2);
    expect(calls).toHaveLength(2);

    const mapped = fromAiSdkError(apiError(429, { 'retry-after': '3' }), 'mock/m');
    expect(mapped).toBeInstanceOf(RateLimitedError);
    expect((mapped as RateLimitedError).retryAfterMs).toBe(3000);
  });

  it('maps a 5xx to a retryable error and a 400 to a final one', async () => {
    const server = fromAiSdkError(apiError(503, { 'retry-after': '1' }), 'mock/m') as { code: string; retryable: boolean; retryAfterMs?: number };
    expect([server.code, server.retryable, server.retryAfterMs]).toEqual(['agent_error', true, 1000]);
    const client = fromAiSdkError(apiError(400), 'mock/m') as { code: string; retryable: boolean; message: string };
    expect([client.code, client.retryable]).toEqual(['agent_error', false]);
    expect(client.message).toMatch(/mock\/m \(HTTP 400\)/);
    const plain = new Error('bug');
    expect(fromAiSdkError(plain, 'mock/m')).toBe(plain);

    const { model, calls } = mockModel(() => {
      throw apiError(400);
    });
    const run = await dispatch({ agent: aiSdkAgent({ model, maxOutputTokens: 10, prices: PRICES }), inputs: ['a'], cache: false, retry: { attempts: 3, baseDelayMs: 0 } });
    expect(run.results[0]!.ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('ends an aborted call with the run code, or timeout, and counts it at its worst case', async () => {
    const started: AbortSignal[] = [];
    const { model } = mockModel(async (options) => {
      started.push(options.abortSignal!);
      await wait(60_000, options.abortSignal);
      return answer('never', { input: 1, output: 1 });
    });
    const agent = aiSdkAgent({ model, maxOutputTokens: 100, prices: PRICES });
    const controller = new AbortController();
    const pending = dispatch({ agent, inputs: ['a', 'b'], cache: false, signal: controller.signal });
    while (started.length < 2) await wait(1, undefined);
    controller.abort();
    const run = await pending;
    expect(run.stopReason).toBe('aborted');
    expect(run.results.map((r) => r.error?.code)).toEqual(['aborted', 'aborted']);
    expect(started.every((signal) => signal.aborted)).toBe(true);

    const ledger = memoryLedger({ capUsd: 1 });
    const timed = await dispatch({ agent, inputs: ['a'], cache: false, ledger, limits: { agentTimeoutMs: 20 } });
    expect(timed.results[0]!.error?.code).toBe('timeout');
    // The aborted call may have been billed: once it settles, its worst case is spent from the budget.
    for (let i = 0; i < 200 && (await ledger.snapshot()).spentUsd === 0; i++) await wait(5, undefined);
    expect((await ledger.snapshot()).spentUsd).toBeCloseTo(agent.estimateCostUsd!('a', undefined), 12);
  });
});

describe('aiSdkAgent structured output', () => {
  const Label = z.object({ label: z.enum(['food', 'travel', 'other']), confidence: z.number().min(0).max(1) });

  it('returns the object the zod schema validated', async () => {
    const { model, calls } = mockModel(() => answer('{"label":"food","confidence":0.9}', { input: 50, output: 10 }));
    const agent = aiSdkAgent({ model, maxOutputTokens: 50, prices: PRICES, schema: Label });
    const run = await dispatch({ agent, inputs: ['pizza'], cache: false });
    const value: { label: string; confidence: number } | undefined = run.results[0]!.value;
    expect(value).toEqual({ label: 'food', confidence: 0.9 });
    expect(calls[0]!.responseFormat).toMatchObject({ type: 'json' });
  });

  it('fails an answer the schema rejects, not retried, and still pays for it', async () => {
    const { model, calls } = mockModel(() => answer('{"label":"cars","confidence":2}', { input: 50, output: 10 }));
    const agent = aiSdkAgent({ model, maxOutputTokens: 50, prices: PRICES, schema: Label });
    const run = await dispatch({ agent, inputs: ['pizza'], cache: false, retry: { attempts: 3, baseDelayMs: 0 } });
    const result = run.results[0]!;
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('agent_error');
    expect(result.error?.message).toMatch(/does not match the schema/);
    expect(calls).toHaveLength(1);
    expect(result.costUsd).toBeCloseTo((50 * 1 + 10 * 4) / 1e6, 12);
  });
});

describe('aiSdkAgent cache identity', () => {
  it('changes with the model, system prompt, schema and settings, and stays with the same configuration', () => {
    const make = (extra: Partial<Parameters<typeof aiSdkAgent>[0]> = {}, modelId = 'gpt-4o-mini') =>
      aiSdkAgent({ model: mockModel(() => answer('ok', { input: 1, output: 1 }), { provider: 'openai.chat', modelId }).model, maxOutputTokens: 10, ...extra });
    const reference = make();
    expect(make().version).toBe(reference.version);
    expect(make().name).toBe('openai.chat/gpt-4o-mini');
    const other = make({}, 'gpt-4o');
    expect(other.model).toBe('gpt-4o');
    expect([other.name, other.model]).not.toEqual([reference.name, reference.model]);
    expect(make({ system: 'Be brief.' }).version).not.toBe(reference.version);
    expect(make({ schema: z.object({ a: z.string() }) }).version).not.toBe(make({ schema: z.object({ b: z.string() }) }).version);
    expect(make({ settings: { temperature: 0 } }).version).not.toBe(reference.version);
    expect(make({ maxOutputTokens: 11 }).version).not.toBe(reference.version);
    expect(make({ prices: { inputPerMillion: 9, outputPerMillion: 9 } }).version).toBe(reference.version); // prices do not change answers
  });

  it('reuses a cached answer for the same model and never for another model', async () => {
    const cache = memoryCache();
    let calls = 0;
    const count = (modelId: string) => mockModel(() => (calls++, answer(modelId, { input: 1, output: 1 })), { provider: 'openai.chat', modelId }).model;
    const mini = aiSdkAgent({ model: count('gpt-4o-mini'), maxOutputTokens: 10 });
    const big = aiSdkAgent({ model: count('gpt-4o'), maxOutputTokens: 10, name: mini.name }); // even under one name
    await dispatch({ agent: mini, inputs: ['q'], cache });
    const again = await dispatch({ agent: mini, inputs: ['q'], cache });
    expect(again.results[0]!.cached).toBe(true);
    const switched = await dispatch({ agent: big, inputs: ['q'], cache });
    expect(switched.results[0]!.cached).toBe(false);
    expect(switched.results[0]!.value).toBe('gpt-4o');
    expect(calls).toBe(2);
  });
});
