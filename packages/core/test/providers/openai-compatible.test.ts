import { afterEach, describe, expect, it } from 'vitest';
import { AgentError, dispatch, RateLimitedError, type AgentContext } from '../../src/index.js';
import { openAICompatibleAgent, type OpenAICompatibleOptions } from '../../src/providers/openai-compatible.js';
import { estimatePromptTokens, tokenCostUsd } from '../../src/providers/token-estimate.js';
import { startChatServer, type ChatServer, type Reply } from './chat-server.js';

const prices = { inputPerMillion: 1000, outputPerMillion: 2000 }; // large, so costs are easy to read
let server: ChatServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(reply?: Parameters<typeof startChatServer>[0]): Promise<ChatServer> {
  server = await startChatServer(reply);
  return server;
}

function options(s: ChatServer, extra: Partial<OpenAICompatibleOptions> = {}): OpenAICompatibleOptions {
  return { baseURL: s.baseURL, apiKey: 'sk-test', model: 'test-model', prices, maxTokens: 50, ...extra };
}

/** A context that records what the agent reserved and reported. */
function recordingCtx(prompt?: string, signal = new AbortController().signal) {
  const money = { reserved: [] as number[], reported: [] as number[] };
  const ctx: AgentContext = {
    signal,
    prompt,
    index: 0,
    attempt: 1,
    depth: 0,
    reportCost: (usd) => void money.reported.push(usd),
    reserve: async (usd) => void money.reserved.push(usd),
  };
  return { ctx, money };
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('openAICompatibleAgent: requests and answers', () => {
  it('sends the model, system message, prompt, max_tokens, temperature and API key, and returns the answer text', async () => {
    const s = await serve(() => ({ content: 'groceries' }));
    const agent = openAICompatibleAgent(options(s, { system: 'You classify receipts.', temperature: 0 }));
    const { ctx } = recordingCtx('Classify: milk 2.49');
    await expect(agent.run('ignored', ctx)).resolves.toBe('groceries');
    const [request] = s.requests;
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    expect(request!.body).toMatchObject({
      model: 'test-model',
      max_tokens: 50,
      temperature: 0,
      messages: [
        { role: 'system', content: 'You classify receipts.' },
        { role: 'user', content: 'Classify: milk 2.49' },
      ],
    });
    expect(request!.body.response_format).toBeUndefined();
  });

  it('uses ctx.prompt, else a string input, else the input as JSON', async () => {
    const s = await serve();
    const agent = openAICompatibleAgent(options(s));
    const run = await dispatch({ agent, inputs: ['plain text', { text: 'an object' }], cache: false });
    expect(run.results.map((r) => r.value)).toEqual(['echo: plain text', 'echo: {"text":"an object"}']);
    const templated = await dispatch({ agent, inputs: [{ text: 'milk' }], template: 'Classify: {text}', cache: false });
    expect(templated.results[0]!.value).toBe('echo: Classify: milk');
  });

  it('sends no Authorization header without an API key', async () => {
    const s = await serve();
    const agent = openAICompatibleAgent(options(s, { apiKey: undefined }));
    await agent.run('hi', recordingCtx().ctx);
    expect(s.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('accepts a baseURL with a trailing slash', async () => {
    const s = await serve();
    const agent = openAICompatibleAgent(options(s, { baseURL: `${s.baseURL}/` }));
    await expect(agent.run('hi', recordingCtx().ctx)).resolves.toBe('echo: hi');
  });

  it('names the agent, carries the model, and changes its version when the system prompt changes', async () => {
    const s = await serve();
    const a = openAICompatibleAgent(options(s, { system: 'one' }));
    const b = openAICompatibleAgent(options(s, { system: 'two' }));
    expect(a).toMatchObject({ name: 'openai-compatible', model: 'test-model' });
    expect(a.version).not.toBe(b.version);
    expect(openAICompatibleAgent(options(s, { system: 'one' })).version).toBe(a.version);
    expect(openAICompatibleAgent(options(s, { version: 'v7', name: 'clf' }))).toMatchObject({ version: 'v7', name: 'clf' });
  });

  it('refuses bad options with a clear message', async () => {
    const s = await serve();
    expect(() => openAICompatibleAgent(options(s, { baseURL: 'api.openai.com' }))).toThrow(/http\(s\) URL/);
    expect(() => openAICompatibleAgent(options(s, { maxTokens: 0 }))).toThrow(/maxTokens/);
    expect(() => openAICompatibleAgent(options(s, { prices: { inputPerMillion: -1, outputPerMillion: 1 } }))).toThrow(/inputPerMillion/);
    expect(() => openAICompatibleAgent(options(s, { model: '' }))).toThrow(/model/);
  });
});

describe('openAICompatibleAgent: spend', () => {
  it('declares the worst case as estimateCostUsd (reserved by dispatch before the call) and reports the actual cost from usage', async () => {
    const s = await serve(() => ({ usage: { prompt_tokens: 10, completion_tokens: 20 } }));
    const agent = openAICompatibleAgent(options(s, { system: 'sys' }));
    const { ctx, money } = recordingCtx('a prompt of some length');
    const worst = tokenCostUsd(prices, estimatePromptTokens(['sys', 'a prompt of some length']), 50);
    expect(agent.estimateCostUsd!('x', 'a prompt of some length')).toBe(worst);
    await agent.run('x', ctx);
    // No ctx.reserve for the first call: the estimate was reserved at admission.
    expect(money.reserved).toEqual([]);
    expect(money.reported).toEqual([tokenCostUsd(prices, 10, 20)]);
    expect(money.reported[0]).toBeLessThan(worst);
  });

  it('reports the worst case when the server sends no usage', async () => {
    const s = await serve(() => ({ usage: null }));
    const { ctx, money } = recordingCtx('p');
    const agent = openAICompatibleAgent(options(s));
    await agent.run('x', ctx);
    expect(money.reported).toEqual([agent.estimateCostUsd!('x', 'p')]);
  });

  it('does not call the provider when the budget cannot cover its worst case', async () => {
    const s = await serve();
    const agent = openAICompatibleAgent(options(s));
    const run = await dispatch({ agent, inputs: ['x'], cache: false, limits: { maxTotalCostUsd: agent.estimateCostUsd!('x', undefined) / 2 } });
    expect(run.results[0]!.error?.code).toBe('budget_exhausted');
    expect(s.requests).toHaveLength(0);
  });

  it('reconciles actual costs, so a sequential run fits cap / actual items, not cap / worst case', async () => {
    // Worst case per call: 10 input tokens (estimate) + 50 output = $0.11; actual: 10 in + 5 out = $0.02.
    const s = await serve(() => ({ usage: { prompt_tokens: 10, completion_tokens: 5 } }));
    const run = await dispatch({
      agent: openAICompatibleAgent(options(s)),
      inputs: Array.from({ length: 30 }, (_, i) => `item ${i}`),
      limits: { maxConcurrent: 1, maxTotalCostUsd: 0.5 },
      cache: false,
    });
    // The 21st call would need $0.40 spent + $0.11 held > $0.50.
    expect(run.stats.succeeded).toBe(20);
    expect(s.requests).toHaveLength(20);
    expect(run.stats.costUsd).toBeCloseTo(0.4, 9);
    expect(run.results.slice(20).every((r) => r.error?.code === 'budget_exhausted')).toBe(true);
  });

  it('never spends past maxTotalCostUsd with many concurrent calls of varied cost', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    // Answers use anywhere up to max_tokens, as real models do.
    const s = await serve(() => ({ usage: { prompt_tokens: 10, completion_tokens: Math.floor(random() * 51) }, delayMs: 5 + random() * 20 }));
    const cap = 0.6;
    const run = await dispatch({
      agent: openAICompatibleAgent(options(s)),
      inputs: Array.from({ length: 80 }, (_, i) => `item ${i}`),
      limits: { maxConcurrent: 8, maxTotalCostUsd: cap },
      cache: false,
    });
    expect(run.stats.costUsd).toBeLessThanOrEqual(cap + 1e-9);
    expect(run.stats.succeeded).toBeGreaterThan(0);
    expect(run.stats.succeeded).toBe(s.completed.length);
    expect(run.results.filter((r) => !r.ok).every((r) => r.error?.code === 'budget_exhausted')).toBe(true);
  });
});

describe('openAICompatibleAgent: errors', () => {
  async function failure(reply: Reply): Promise<unknown> {
    const s = await serve(() => reply);
    return thrown(openAICompatibleAgent(options(s)).run('x', recordingCtx('p').ctx));
  }

  it('maps 429 with Retry-After seconds to a retryable RateLimitedError', async () => {
    const error = await failure({ status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'slow down' } } });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 2000 });
    expect((error as Error).message).toContain('slow down');
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 30_000).toUTCString();
    const error = (await failure({ status: 429, headers: { 'retry-after': at } })) as RateLimitedError;
    expect(error.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('maps 5xx to a retryable AgentError carrying retry-after', async () => {
    const error = await failure({ status: 503, headers: { 'retry-after': '1' }, raw: 'upstream overloaded' });
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({ code: 'agent_error', retryable: true, retryAfterMs: 1000 });
    expect((error as Error).message).toContain('upstream overloaded');
  });

  it('maps other 4xx to a non-retryable AgentError with the provider message', async () => {
    const error = await failure({ status: 400, json: { error: { message: "model 'nope' does not exist" } } });
    expect(error).toMatchObject({ code: 'agent_error', retryable: false });
    expect((error as Error).message).toContain("model 'nope' does not exist");
    const auth = await failure({ status: 401, json: { error: { message: 'bad key' } } });
    expect((auth as Error).message).toMatch(/bad key.*API key/);
  });

  it('reports a failed result through dispatch with the stable code', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    const run = await dispatch({ agent: openAICompatibleAgent(options(s)), inputs: ['a'], cache: false });
    expect(run.results[0]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('maps a network failure to a retryable AgentError', async () => {
    const s = await serve();
    const baseURL = s.baseURL;
    await s.close();
    server = undefined;
    const error = await thrown(openAICompatibleAgent({ ...options(s), baseURL }).run('x', recordingCtx('p').ctx));
    expect(error).toMatchObject({ code: 'agent_error', retryable: true });
    expect((error as Error).message).toMatch(/could not reach/);
  });

  it('fails clearly when the answer has no content', async () => {
    const error = await failure({ json: { choices: [] } });
    expect((error as Error).message).toMatch(/no answer text/);
  });
});

describe('openAICompatibleAgent: cancellation', () => {
  it('aborts a slow request at agentTimeoutMs and the server sees the client leave', async () => {
    const s = await serve(() => ({ delayMs: 10_000 }));
    const started = performance.now();
    const run = await dispatch({
      agent: openAICompatibleAgent(options(s)),
      inputs: ['slow'],
      limits: { agentTimeoutMs: 150 },
      cache: false,
    });
    expect(run.results[0]).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect.poll(() => s.disconnected).toBe(1);
  });

  it('aborts through the caller signal', async () => {
    const s = await serve(() => ({ delayMs: 10_000 }));
    const controller = new AbortController();
    const { ctx } = recordingCtx('p', controller.signal);
    const pending = thrown(openAICompatibleAgent(options(s)).run('x', ctx));
    await expect.poll(() => s.requests.length).toBe(1);
    controller.abort(new Error('stop now'));
    expect(await pending).toMatchObject({ message: 'stop now' });
    await expect.poll(() => s.disconnected).toBe(1);
  });
});

describe('openAICompatibleAgent: JSON answers', () => {
  it('asks for a JSON object and returns the parsed answer, fences stripped', async () => {
    const s = await serve(() => ({ content: '```json\n{"label":"food","score":0.9}\n```' }));
    const agent = openAICompatibleAgent(options(s, { json: true }));
    await expect(agent.run('x', recordingCtx('Classify milk').ctx)).resolves.toEqual({ label: 'food', score: 0.9 });
    const body = s.requests[0]!.body;
    expect(body.response_format).toEqual({ type: 'json_object' });
    // JSON mode needs the word JSON in a message; the agent adds it when the prompt lacks it.
    expect(body.messages[0]).toEqual({ role: 'system', content: 'Answer with a single JSON object.' });
  });

  it('does not add an instruction when the prompt already asks for JSON', async () => {
    const s = await serve(() => ({ content: '{}' }));
    await openAICompatibleAgent(options(s, { json: true })).run('x', recordingCtx('Answer in JSON').ctx);
    expect(s.requests[0]!.body.messages).toEqual([{ role: 'user', content: 'Answer in JSON' }]);
  });

  it('runs the validator and returns what it returns', async () => {
    const s = await serve(() => ({ content: '{"label":"FOOD"}' }));
    const agent = openAICompatibleAgent(options(s, { json: { validate: (v) => ({ label: String((v as { label: string }).label).toLowerCase() }) } }));
    await expect(agent.run('x', recordingCtx('p').ctx)).resolves.toEqual({ label: 'food' });
  });

  it('fails a non-JSON answer with a non-retryable error that quotes it, and still counts its cost', async () => {
    const s = await serve(() => ({ content: 'Sure! The label is food.', usage: { prompt_tokens: 3, completion_tokens: 7 } }));
    const { ctx, money } = recordingCtx('p');
    const error = await thrown(openAICompatibleAgent(options(s, { json: true })).run('x', ctx));
    expect(error).toMatchObject({ code: 'agent_error', retryable: false });
    expect((error as Error).message).toMatch(/not valid JSON.*Sure! The label is food/);
    expect(money.reported).toEqual([tokenCostUsd(prices, 3, 7)]);
  });

  it('fails an answer the validator rejects, with the validator reason', async () => {
    const s = await serve(() => ({ content: '{"label":42}' }));
    const validate = (v: unknown) => {
      if (typeof (v as { label?: unknown }).label !== 'string') throw new Error('label must be a string');
      return v;
    };
    const error = await thrown(openAICompatibleAgent(options(s, { json: { validate } })).run('x', recordingCtx('p').ctx));
    expect((error as Error).message).toMatch(/failed validation \(label must be a string\)/);
    expect(error).toMatchObject({ retryable: false });
  });

  it('explains a JSON answer cut off at maxTokens', async () => {
    const s = await serve(() => ({ content: '{"label":"fo', finishReason: 'length' }));
    const error = await thrown(openAICompatibleAgent(options(s, { json: true })).run('x', recordingCtx('p').ctx));
    expect((error as Error).message).toMatch(/raise maxTokens/);
  });
});
