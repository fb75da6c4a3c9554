import { describe, expect, it } from 'vitest';
import { call, expectProblem, parseSse, postDispatch } from './support/api.js';
import { KEYS, TEST_CORS_ORIGIN } from './support/bindings.js';

const key = KEYS.http;

describe('streamed requests inside workerd', () => {
  const bad: [string, unknown, string][] = [
    ['preflight over budget', { agent: 'summarize', inputs: [1, 2, 3], limits: { preflight: true, costPerAgentUsd: 0.3 } }, 'preflight'],
    ['maxTotalAgents below the input count', { agent: 'summarize', inputs: [1, 2, 3], limits: { preflight: true, maxTotalAgents: 2 } }, 'preflight'],
    ['burst without requestsPerSecond', { agent: 'summarize', inputs: [1], limits: { burst: 2 } }, 'invalid_options'],
  ];
  it.each(bad)('%s: 422 problem+json before any stream opens, as without stream', async (_name, body, code) => {
    const plain = await expectProblem(await postDispatch(key, body), 422, code);
    const streamed = await expectProblem(await postDispatch(key, { ...(body as object), stream: true }), 422, code);
    expect(streamed).toEqual(plain);
  });
});

describe('CORS from wrangler.jsonc vars (CORS_ORIGINS)', () => {
  it('answers an allowed origin’s preflight with 204 before auth', async () => {
    const response = await call('/v1/dispatch', {
      method: 'OPTIONS',
      headers: { origin: TEST_CORS_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(TEST_CORS_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('lets the allowed origin read results, and no other origin', async () => {
    const allowed = await call('/v1/agents', { key, headers: { origin: TEST_CORS_ORIGIN } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_CORS_ORIGIN);
    const other = await call('/v1/agents', { key, headers: { origin: 'https://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP details', () => {
  it('405 with Allow on a wrong method, and the worker’s realm on a 401', async () => {
    const wrong = await call('/v1/dispatch');
    await expectProblem(wrong, 405, 'method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await call('/v1/agents')).headers.get('www-authenticate')).toBe('Bearer realm="flotilla-worker"');
  });

  it('an all-failed run does not read as a success; numbers are rounded', async () => {
    // Timeouts of 1 ms against a ~2-6 ms simulated latency: every item fails.
    const body = (await (await postDispatch(key, { agent: 'sentiment', inputs: ['a slow one', 'another slow one'], limits: { agentTimeoutMs: 1 } })).json()) as any;
    expect(body).toMatchObject({ stopReason: 'completed', outcome: 'failed', minSuccessMet: null, stats: { succeeded: 0 } });
    const events = parseSse(await (await postDispatch(key, { agent: 'summarize', inputs: ['One. Two.', 'Three. Four.'], stream: true })).text());
    const summary = events.at(-1)!;
    expect(summary.event).toBe('summary');
    expect(summary.data.outcome).toBe('succeeded');
    for (const event of events.filter((e) => e.event === 'result')) {
      expect(String(event.data.costUsd).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6);
      expect(String(event.data.durationMs).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(1);
    }
  });
});
