import { describe, expect, it } from 'vitest';
import {
  AgentError,
  circuitBreaker,
  circuitBreakers,
  dispatch,
  MaxDepthError,
  RateLimitedError,
  tokenBucket,
  type AgentContext,
} from '../src/index.js';
import { concurrencyProbe, delay } from './helpers.js';

describe('rate limits in dispatch', () => {
  it('spaces agent starts by requestsPerSecond, and waiting does not count in an agent duration', async () => {
    const starts: number[] = [];
    const begin = performance.now();
    const run = await dispatch({
      agent: () => void starts.push(performance.now() - begin),
      inputs: [1, 2, 3, 4, 5],
      cache: false,
      limits: { requestsPerSecond: 50, burst: 1 },
    });
    // 5 starts at 50/s: the first at once, then one every 20 ms.
    expect(starts[4]).toBeGreaterThanOrEqual(75);
    expect(run.stats.latencyMs.max).toBeLessThan(15);
  });

  it('waiting for a token holds no concurrency slot: cache hits keep flowing', async () => {
    const { memoryCache } = await import('../src/index.js');
    const cache = memoryCache();
    const agent = { name: 'slowstart', run: (n: number) => n };
    await dispatch({ agent, inputs: [1, 2, 3], cache });
    const begin = performance.now();
    const run = await dispatch({ agent, inputs: [1, 2, 3, 10, 11], cache, limits: { requestsPerSecond: 20, maxConcurrent: 1 } });
    expect(run.results.filter((r) => r.cached)).toHaveLength(3);
    // Only 2 agent calls wait for tokens (one at once, one 50 ms later); cache hits are not throttled.
    expect(performance.now() - begin).toBeLessThan(150);
  });

  it('a shared limiter spans dispatches, and a 429 retry-after pauses everyone sharing it', async () => {
    const limiter = tokenBucket({ requestsPerSecond: 1000, burst: 5 });
    const starts: number[] = [];
    const begin = performance.now();
    let first = true;
    const agent = async (n: number) => {
      starts.push(performance.now() - begin);
      if (first) {
        first = false;
        throw new RateLimitedError('429 from provider', { retryAfterMs: 120 });
      }
      return n;
    };
    const [a, b] = await Promise.all([
      dispatch({ agent, inputs: [1], cache: false, rateLimiter: limiter }),
      (async () => {
        await delay(30);
        return dispatch({ agent, inputs: [2], cache: false, rateLimiter: limiter });
      })(),
    ]);
    expect(a.results[0]!.error?.code).toBe('rate_limited');
    expect(b.results[0]!.ok).toBe(true);
    expect(starts[1]).toBeGreaterThanOrEqual(110);
  });
});

describe('retries in dispatch', () => {
  it('retries retryable errors, reports attempts, and counts each attempt as an agent call', async () => {
    let calls = 0;
    const run = await dispatch({
      agent: (_: number, ctx: AgentContext) => {
        calls++;
        if (ctx.attempt < 3) throw new AgentError('503 upstream', { retryable: true });
        return ctx.attempt;
      },
      inputs: [1],
      cache: false,
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    expect(run.results[0]).toMatchObject({ ok: true, value: 3, attempts: 3 });
    expect(run.stats.agentCalls).toBe(3);
    expect(calls).toBe(3);
  });

  it('does not retry errors that are not retryable', async () => {
    const run = await dispatch({
      agent: () => {
        throw new Error('bad request');
      },
      inputs: [1],
      cache: false,
      retry: { attempts: 5, baseDelayMs: 1 },
    });
    expect(run.results[0]).toMatchObject({ ok: false, attempts: 1, error: { code: 'agent_error' } });
  });

  it('retries timeouts', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx: AgentContext) => {
        if (ctx.attempt === 1) await delay(1000, ctx.signal);
        return 'fast the second time';
      },
      inputs: [1],
      cache: false,
      limits: { agentTimeoutMs: 20 },
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    expect(run.results[0]).toMatchObject({ ok: true, attempts: 2 });
  });

  it('honours retry-after between attempts', async () => {
    const times: number[] = [];
    await dispatch({
      agent: (_: number, ctx: AgentContext) => {
        times.push(performance.now());
        if (ctx.attempt === 1) throw new RateLimitedError('slow down', { retryAfterMs: 80 });
        return 'ok';
      },
      inputs: [1],
      cache: false,
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(75);
  });

  it('each attempt reserves from the budget and counts toward maxTotalAgents', async () => {
    const run = await dispatch({
      agent: (_: number, ctx: AgentContext) => {
        ctx.reportCost(0.01);
        throw new AgentError('flaky', { retryable: true });
      },
      inputs: [1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 0.03, costPerAgentUsd: 0.01, maxConcurrent: 1 },
      retry: { attempts: 5, baseDelayMs: 1 },
    });
    expect(run.stats.agentCalls).toBe(3);
    expect(run.stats.costUsd).toBeCloseTo(0.03, 10);
    expect(run.stopReason).toBe('budget');
    const capped = await dispatch({
      agent: () => {
        throw new AgentError('flaky', { retryable: true });
      },
      inputs: [1, 2],
      cache: false,
      limits: { maxTotalAgents: 4, maxConcurrent: 1 },
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    expect(capped.stats.agentCalls).toBe(4);
    expect(capped.results.reduce((sum, r) => sum + r.attempts, 0)).toBe(4);
  });

  it('a stop during the backoff ends the retries at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const begin = performance.now();
    const run = await dispatch({
      agent: () => {
        throw new AgentError('flaky', { retryable: true, retryAfterMs: 5000 });
      },
      inputs: [1],
      cache: false,
      signal: controller.signal,
      retry: { attempts: 3 },
    });
    expect(performance.now() - begin).toBeLessThan(1000);
    expect(run.stopReason).toBe('aborted');
    expect(run.results[0]!.ok).toBe(false);
  });
});

describe('circuit breakers in dispatch', () => {
  it('fails fast with circuit_open once open: no agent call, no spend', async () => {
    const breaker = circuitBreaker({ consecutiveFailures: 2, halfOpenAfterMs: 60_000 });
    let calls = 0;
    const run = await dispatch({
      agent: (_: number, ctx: AgentContext) => {
        calls++;
        ctx.reportCost(0.01);
        throw new Error('provider down');
      },
      inputs: [1, 2, 3, 4, 5],
      cache: false,
      circuit: breaker,
      limits: { maxConcurrent: 1 },
    });
    expect(calls).toBe(2);
    expect(run.results.slice(2).map((r) => r.error?.code)).toEqual(['circuit_open', 'circuit_open', 'circuit_open']);
    expect(run.results[2]).toMatchObject({ costUsd: 0, attempts: 0 });
    expect(run.stats.costUsd).toBeCloseTo(0.02, 10);
    expect(breaker.state).toBe('open');
  });

  it('sends items to the fallback agent while open, and never caches its answers', async () => {
    const breakers = circuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 60_000 });
    const { memoryCache } = await import('../src/index.js');
    const cache = memoryCache();
    const run = await dispatch({
      agent: { name: 'primary', model: 'big', run: () => Promise.reject(new Error('down')) },
      fallback: { name: 'backup', run: (n: number) => `backup ${n}` },
      inputs: [1, 2, 3],
      cache,
      circuit: breakers,
      limits: { maxConcurrent: 1 },
    });
    // Whichever item reaches the agent first fails and opens the circuit; the others go to the fallback.
    const failed = run.results.filter((r) => !r.ok);
    const backups = run.results.filter((r) => r.ok);
    expect(failed.map((r) => r.error!.code)).toEqual(['agent_error']);
    expect(backups.map((r) => r.value)).toEqual(backups.map((r) => `backup ${r.input}`));
    expect(backups.every((r) => r.meta?.fallback === true)).toBe(true);
    expect(breakers.keys()).toEqual(['big']);
    const again = await dispatch({ agent: { name: 'primary', model: 'big', run: (n: number) => `primary ${n}` }, inputs: [backups[0]!.input], cache });
    expect(again.results[0]).toMatchObject({ value: `primary ${backups[0]!.input}`, cached: false });
  });

  it('one breaker shared across dispatches stays open for all of them', async () => {
    const breaker = circuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 60_000 });
    await dispatch({ agent: () => Promise.reject(new Error('down')), inputs: [1], cache: false, circuit: breaker });
    let calls = 0;
    const run = await dispatch({ agent: () => ++calls, inputs: [1, 2], cache: false, circuit: breaker });
    expect(calls).toBe(0);
    expect(run.results.every((r) => r.error?.code === 'circuit_open')).toBe(true);
  });
});

describe('nested dispatch', () => {
  it('runs a child at depth + 1 and folds its spend into the parent', async () => {
    const depths: number[] = [];
    const run = await dispatch({
      agent: async (topic: string, ctx: AgentContext) => {
        const child = await ctx.dispatch({
          agent: (part: number, inner: AgentContext) => {
            depths.push(inner.depth);
            inner.reportCost(0.01);
            return `${topic}.${part}`;
          },
          inputs: [1, 2],
          cache: false,
        });
        return child.results.map((r) => r.value);
      },
      inputs: ['a'],
      cache: false,
    });
    expect(run.results[0]!.value).toEqual(['a.1', 'a.2']);
    expect(depths).toEqual([1, 1]);
    expect(run.results[0]!.costUsd).toBeCloseTo(0.02, 10);
    expect(run.stats.costUsd).toBeCloseTo(0.02, 10);
  });

  it('refuses a child beyond maxDepth with a clear error', async () => {
    const run = await dispatch({
      agent: async (n: number, ctx: AgentContext) => {
        const recurse = (depthLeft: number, inner: AgentContext): Promise<unknown> =>
          inner.dispatch({ agent: (_: number, c: AgentContext) => recurse(depthLeft - 1, c), inputs: [depthLeft], cache: false });
        return recurse(n, ctx);
      },
      inputs: [5],
      cache: false,
      limits: { maxDepth: 2 },
    });
    const unwrap = (value: unknown): unknown => {
      const results = (value as { results?: Array<{ error?: { message: string }; value?: unknown }> }).results;
      if (!results) return value;
      return results[0]!.error?.message ?? unwrap(results[0]!.value);
    };
    expect(run.results[0]!.ok).toBe(true);
    expect(String(unwrap(run.results[0]!.value))).toMatch(/depth 3 exceeds maxDepth 2/);
    await expect(
      dispatch({ agent: (_: number, ctx: AgentContext) => ctx.dispatch({ agent: () => 1, inputs: [1] }), inputs: [1], cache: false, limits: { maxDepth: 0 } }),
    ).resolves.toMatchObject({ results: [{ ok: false, error: { message: expect.stringMatching(/maxDepth 0/) } }] });
    expect(new MaxDepthError('x').code).toBe('max_depth');
  });

  it("a child can never spend more than the parent has left", async () => {
    const run = await dispatch({
      agent: async (_: number, ctx: AgentContext) => {
        const child = await ctx.dispatch({
          agent: (__: number, inner: AgentContext) => inner.reportCost(0.01),
          inputs: Array.from({ length: 20 }, (_, i) => i),
          cache: false,
          limits: { costPerAgentUsd: 0.01, maxConcurrent: 4 },
        });
        return child.stats.agentCalls;
      },
      inputs: [0],
      cache: false,
      limits: { maxTotalCostUsd: 0.05, costPerAgentUsd: 0.01 },
    });
    // The parent holds $0.01 of a $0.05 budget, lends it, and can carve out $0.04 more: 5 child agents, then no more.
    expect(run.results[0]!.value).toBe(5);
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.05 + 1e-9);
  });

  it("aborting the parent aborts the child's agents", async () => {
    const controller = new AbortController();
    let childAborted = false;
    setTimeout(() => controller.abort(), 30);
    await dispatch({
      agent: (_: number, ctx: AgentContext) =>
        ctx.dispatch({
          agent: async (__: number, inner: AgentContext) => {
            try {
              await delay(5000, inner.signal);
            } catch (error) {
              childAborted = true;
              throw error;
            }
          },
          inputs: [1],
          cache: false,
        }),
      inputs: [1],
      cache: false,
      signal: controller.signal,
    });
    await delay(5);
    expect(childAborted).toBe(true);
  });
});

describe('concurrency with policies', () => {
  it('keeps maxConcurrent with retries and a rate limit in play', async () => {
    const probe = concurrencyProbe(async (n: number, ctx: AgentContext) => {
      await delay(2);
      if (ctx.attempt === 1 && n % 3 === 0) throw new AgentError('retry me', { retryable: true });
      return n;
    });
    const run = await dispatch({
      agent: probe.agent,
      inputs: Array.from({ length: 30 }, (_, i) => i),
      cache: false,
      limits: { maxConcurrent: 4, requestsPerSecond: 2000, burst: 10 },
      retry: { attempts: 2, baseDelayMs: 1 },
    });
    expect(run.results.every((r) => r.ok)).toBe(true);
    expect(probe.peak).toBeLessThanOrEqual(4);
  });
});
