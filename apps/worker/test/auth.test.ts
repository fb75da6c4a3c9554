import { describe, expect, it } from 'vitest';
import { buildHandler } from '../src/app.js';
import { call, expectProblem, postDispatch } from './support/api.js';
import { KEYS, TEST_RATE_BURST } from './support/bindings.js';

describe('authentication', () => {
  it('serves health without a key', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('requires a key for the agents list and the dispatch route', async () => {
    await expectProblem(await call('/v1/agents'), 401, 'missing_api_key');
    const dispatch = await call('/v1/dispatch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"agent":"sentiment","inputs":["hi"]}' });
    const body = await expectProblem(dispatch, 401, 'missing_api_key');
    expect(dispatch.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.detail).toMatch(/Authorization: Bearer/);
  });

  it('refuses a wrong key, another scheme and a malformed header, and never echoes them', async () => {
    const wrong = await call('/v1/agents', { key: 'wrong-key-0123456789abcdef' });
    expect(JSON.stringify(await expectProblem(wrong, 401, 'invalid_api_key'))).not.toContain('wrong-key');
    await expectProblem(await call('/v1/agents', { headers: { authorization: `Basic ${btoa('a:b')}` } }), 400, 'malformed_authorization');
    await expectProblem(await call('/v1/agents', { headers: { authorization: 'Bearer two words' } }), 400, 'malformed_authorization');
    // A valid key with a wrong body still authenticates first: the body is checked only for known clients.
    await expectProblem(await postDispatch(KEYS.auth, { agent: 1 }), 400, 'validation_failed');
  });

  it('lists the served agents with their public descriptions for a valid key', async () => {
    const response = await call('/v1/agents', { key: KEYS.auth });
    const { agents } = (await response.json()) as { agents: { name: string; description: string }[] };
    expect(agents.map((agent) => agent.name)).toEqual(['sentiment', 'summarize', 'relevance']);
    for (const agent of agents) expect(agent.description.length).toBeGreaterThan(10);
  });

  it('answers 503 on every route when no API key is configured, instead of serving an open API', async () => {
    const handler = buildHandler({} as never);
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    for (const path of ['/v1/health', '/v1/agents', '/v1/dispatch']) {
      await expectProblem(await handler.fetch(new Request(`https://x${path}`), {} as never, ctx), 503, 'not_configured');
    }
  });

  it('rate-limits a key once its burst is spent, with Retry-After', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < TEST_RATE_BURST + 10 && !limited; i++) {
      const response = await call('/v1/agents', { key: KEYS.rate });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses.slice(0, TEST_RATE_BURST).every((status) => status === 200)).toBe(true);
    expect(limited).toBeDefined();
    expect(limited!.headers.get('retry-after')).toBe('1');
    await expectProblem(limited!, 429, 'rate_limited');
    // Other keys keep their own buckets.
    expect((await call('/v1/agents', { key: KEYS.auth })).status).toBe(200);
  });
});
