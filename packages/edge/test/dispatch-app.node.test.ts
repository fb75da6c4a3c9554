import { afterEach, describe, expect, it } from 'vitest';
import { createDispatchApp, type DispatchAppOptions, type RequestLogEntry } from '../src/index.js';
import { auth, echoAgent, KEY, OTHER_KEY } from './support/agents.js';
import { parseSse, serveApp, type ServedApp } from './support/served-app.js';

let served: ServedApp | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

async function start(overrides: Partial<DispatchAppOptions> = {}, delayMs = 5) {
  const echo = echoAgent(delayMs);
  const app = createDispatchApp({
    agents: { echo: { agent: echo.agent, description: 'Echoes its input' } },
    policy: { maxConcurrent: 3, maxInputs: 20 },
    auth: { keys: [KEY, OTHER_KEY] },
    ...overrides,
  });
  served = await serveApp(app);
  return { url: served.url, stats: echo.stats };
}

const post = (url: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${url}/v1/dispatch`, { method: 'POST', headers, body: JSON.stringify(body) });

describe('createDispatchApp on Node (@hono/node-server, real HTTP)', () => {
  it('refuses to start without API keys, so no route is ever open by accident', () => {
    const echo = echoAgent();
    expect(() => createDispatchApp({ agents: { echo: { agent: echo.agent, description: '' } }, policy: {}, auth: { keys: [] } })).toThrow(/auth\.keys is empty/);
    expect(() => createDispatchApp({ agents: { echo: { agent: echo.agent, description: '' } }, policy: {}, auth: { keys: ['short'] } })).toThrow(/at least 16/);
  });

  it('serves health without a key and everything else only with one', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    const anonymous = await fetch(`${url}/v1/agents`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect(await anonymous.json()).toMatchObject({ code: 'missing_api_key', status: 401, type: 'urn:flotilla:problem:missing_api_key' });
    const wrong = await fetch(`${url}/v1/agents`, { headers: { authorization: 'Bearer not-the-key-0123456789' } });
    expect((await wrong.json()).code).toBe('invalid_api_key');
    const agents = await fetch(`${url}/v1/agents`, { headers: auth });
    expect(await agents.json()).toEqual({ agents: [{ name: 'echo', description: 'Echoes its input', version: '1' }] });
  });

  it('runs a dispatch and answers every input in order, with clamped limits reported', async () => {
    const { url, stats } = await start();
    const response = await post(url, { agent: 'echo', inputs: ['a', 'bb', 'ccc', 'dddd', 'eeeee', 'ffffff'], limits: { maxConcurrent: 50 } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(body.results[1]).toMatchObject({ ok: true, value: { echo: 'bb', label: 'even' } });
    expect(body.results[0]).not.toHaveProperty('input');
    expect(body.clamped).toEqual([{ limit: 'maxConcurrent', requested: 50, applied: 3 }]);
    expect(body.limits.maxConcurrent).toBe(3);
    expect(stats.peak).toBeLessThanOrEqual(3);
  });

  it('maps aggregate descriptions onto core aggregators', async () => {
    const { url } = await start();
    const vote = await (await post(url, { agent: 'echo', inputs: ['aa', 'bb', 'c'], aggregate: { type: 'majorityVote', key: 'label' } })).json();
    expect(vote.value.winner).toBe('even');
    const best = await (await post(url, { agent: 'echo', inputs: ['a', 'ccc', 'bb'], aggregate: { type: 'bestResult', key: 'score' } })).json();
    expect(best.value).toMatchObject({ index: 1, value: { echo: 'ccc' } });
    expect(best.value).not.toHaveProperty('input');
    const ranked = await (await post(url, { agent: 'echo', inputs: ['a', 'ccc', 'bb'], aggregate: { type: 'rankByMetric', key: 'score', order: 'asc' } })).json();
    expect(ranked.value.map((r: { index: number }) => r.index)).toEqual([0, 2, 1]);
  });

  it('streams one SSE event per result as it completes, then a summary', async () => {
    const { url } = await start();
    const inputs = Array.from({ length: 9 }, (_, i) => `item-${i}`);
    const response = await post(url, { agent: 'echo', inputs, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.map((e) => e.event)).toEqual([...Array(9).fill('result'), 'summary']);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    expect(events.slice(0, 9).map((e) => e.data.index).sort((a: number, b: number) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events[9]!.data).toMatchObject({ stopReason: 'completed', stats: { total: 9, succeeded: 9 } });
  });

  it('aborts the run when the client disconnects from the stream', async () => {
    const { url, stats } = await start({}, 150);
    const client = new AbortController();
    const response = await fetch(`${url}/v1/dispatch`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ agent: 'echo', inputs: Array.from({ length: 20 }, (_, i) => i), stream: true }),
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    await reader.read(); // the first result
    client.abort();
    await expect.poll(() => stats.aborted, { timeout: 5_000 }).toBeGreaterThan(0);
    const callsAtAbort = stats.calls;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(stats.calls).toBe(callsAtAbort);
    expect(stats.calls).toBeLessThan(20);
  });

  it('rate-limits each key on its own and says when to retry', async () => {
    const { url } = await start({ policy: { rateLimit: { requestsPerSecond: 0.5, burst: 2 } } });
    const get = (key: string) => fetch(`${url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get(KEY)).status).toBe(200);
    expect((await get(KEY)).status).toBe(200);
    const limited = await get(KEY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await limited.json()).code).toBe('rate_limited');
    expect((await get(OTHER_KEY)).status).toBe(200);
  });

  it('scopes the cache per key: a repeat hits, another key does not see it', async () => {
    const { url, stats } = await start();
    await post(url, { agent: 'echo', inputs: ['x', 'y'] });
    const again = await (await post(url, { agent: 'echo', inputs: ['x', 'y'] })).json();
    expect(again.results.map((r: { cached: boolean }) => r.cached)).toEqual([true, true]);
    expect(stats.calls).toBe(2);
    const other = await (await post(url, { agent: 'echo', inputs: ['x'] }, { ...auth, authorization: `Bearer ${OTHER_KEY}` })).json();
    expect(other.results[0].cached).toBe(false);
  });

  it('never logs the key, the body or personal data', async () => {
    const lines: RequestLogEntry[] = [];
    const { url } = await start({ log: (entry) => lines.push(entry) });
    await post(url, { agent: 'echo', inputs: ['mail ana@example.com, card 4111 1111 1111 1111'] });
    await post(url, { agent: 'echo', inputs: [1], bogus: 'ana@example.com' });
    await fetch(`${url}/v1/agents`, { headers: { authorization: 'Bearer wrong-key-ana-example-0000' } });
    await post(url, { agent: 'echo', inputs: ['a'], stream: true }).then((r) => r.text());
    const text = JSON.stringify(lines);
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.status)).toEqual([200, 400, 401, 200]);
    expect(lines[1]!.code).toBe('validation_failed');
    expect(lines[3]).toMatchObject({ stream: true, stopReason: 'completed' });
    for (const secret of [KEY, 'ana@example.com', '4111', 'wrong-key']) expect(text).not.toContain(secret);
    expect(lines[0]!.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('redacts what a problem echoes back', async () => {
    const { url } = await start();
    const response = await post(url, { agent: 'ana@example.com', inputs: [1] });
    const body = await response.json();
    expect(response.status).toBe(422);
    expect(body.code).toBe('unknown_agent');
    expect(JSON.stringify(body)).not.toContain('ana@example.com');
    expect(body.detail).toContain('[EMAIL_1]');
  });
});
