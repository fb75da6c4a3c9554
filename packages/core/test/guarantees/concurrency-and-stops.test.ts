import { createRequire } from 'node:module';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AgentError, dispatch, InvalidOptionsError, TimeoutError, type AgentResult, type DispatchEvent } from '../../src/index.js';
import { delay } from '../helpers.js';

describe('concurrency counts agents that really run', () => {
  it('an agent that ignores its signal past agentTimeoutMs keeps its slot: no more than maxConcurrent ever run', async () => {
    let running = 0;
    let peak = 0;
    const run = await dispatch({
      agent: async () => {
        running++;
        peak = Math.max(peak, running);
        await delay(40); // ignores ctx.signal
        running--;
      },
      inputs: Array.from({ length: 12 }, (_, i) => i),
      cache: false,
      limits: { maxConcurrent: 2, agentTimeoutMs: 10, timeoutGraceMs: 1_000 },
    });
    // Before: the slot was released at the timeout and all 12 ran at once while peakConcurrency said 2.
    expect(peak).toBe(2);
    expect(run.stats.peakConcurrency).toBe(2);
    // Only the last wave can still run when the run ends (it does not wait for them): released then.
    expect(run.stats.leakedAgents).toBeLessThanOrEqual(2);
    expect(run.results.every((r) => r.error?.code === 'timeout')).toBe(true);
    // The timeout result still goes out at the timeout, not when the agent settles.
    expect(Math.max(...run.results.map((r) => r.durationMs))).toBeLessThan(40);
  });

  it('the grace period releases a slot held by an agent that never settles, with a warning, counted in leakedAgents', async () => {
    const events: DispatchEvent[] = [];
    const run = await dispatch({
      agent: async (n: number) => {
        if (n < 2) await new Promise(() => undefined); // never settles
        return n;
      },
      inputs: [0, 1, 2, 3],
      cache: false,
      limits: { maxConcurrent: 2, agentTimeoutMs: 10, timeoutGraceMs: 20 },
      onEvent: (event) => events.push(event),
    });
    expect(run.results.map((r) => r.ok)).toEqual([false, false, true, true]);
    expect(run.stats.leakedAgents).toBe(2);
    expect(events.filter((e) => e.type === 'warning' && e.code === 'agent_ignores_signal').length).toBeGreaterThan(0);
  });
});

describe('prompt stops on lazy sources', () => {
  it('a stop stops reading a slow async source, closes it, and resolves promptly', async () => {
    let read = 0;
    let closed = false;
    async function* slow() {
      try {
        for (let i = 0; i < 400; i++) {
          await delay(10);
          read++;
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    const begin = performance.now();
    const run = await dispatch({ agent: (n: number) => n, inputs: slow(), cache: false, limits: { maxTotalAgents: 5 } });
    // Before: the rest of the source was pulled to skip it, 4 s for 400 items.
    expect(performance.now() - begin).toBeLessThan(1_500);
    expect(run.stopReason).toBe('max_agents');
    expect(run.results.length).toBeLessThanOrEqual(read);
    expect(run.results.length).toBeLessThan(400);
    expect(run.stats.sourceExhausted).toBe(false);
    await delay(20);
    expect(closed).toBe(true);
  });

  it('an endless source, and one whose next() never answers, end at the deadline', async () => {
    async function* endless() {
      for (let i = 0; ; i++) {
        await delay(1);
        yield i;
      }
    }
    const hanging: AsyncIterable<number> = { [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) };
    for (const inputs of [endless(), hanging]) {
      const run = await dispatch({ agent: (n: number) => n, inputs, cache: false, limits: { maxTotalDurationMs: 100 } });
      expect(run.stopReason).toBe('deadline');
      expect(run.stats.sourceExhausted).toBe(false);
    }
  });

  it('arrays keep every input: each one gets its result after a stop', async () => {
    const run = await dispatch({ agent: (n: number) => n, inputs: Array.from({ length: 50 }, (_, i) => i), cache: false, limits: { maxTotalAgents: 5 } });
    expect(run.results).toHaveLength(50);
    expect(run.stats.sourceExhausted).toBe(true);
  });
});

describe('hostile values and invalid options', () => {
  it('no thrown value hangs a run or escapes as an unhandled rejection', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile: unknown[] = [
      { toString: () => { throw new Error('toString'); } },
      Object.create(null),
      proxy,
      Object.defineProperty(new Error('x'), 'message', { get: () => { throw new Error('message getter'); } }),
      Symbol('thrown'),
      undefined,
      10n,
    ];
    const run = await dispatch({
      agent: (i: number) => {
        throw hostile[i];
      },
      inputs: hostile.map((_, i) => i),
      cache: false,
    });
    expect(run.results).toHaveLength(hostile.length);
    for (const result of run.results) {
      expect(result.ok).toBe(false);
      expect(result.error?.code).toBe('agent_error');
      expect(typeof result.error?.message).toBe('string');
      expect(result.attempts).toBe(1);
    }
  });

  it.each([
    [{ inputs: 'abc' }, /inputs must be an array, an iterable or an async iterable, got the string 'abc'/],
    [{ inputs: 42 }, /got the number 42/],
    [{ inputs: [1], limit: { maxConcurrent: 2 } }, /unknown option "limit"; did you mean "limits"\?/],
    [{ inputs: [1], limits: { maxConcurent: 2 } }, /unknown limit "maxConcurent"; did you mean "maxConcurrent"\?/],
    [{ inputs: [1], limits: { maxTotalCostUsd: '5' } }, /maxTotalCostUsd must be a number of USD .*got the string '5'/],
    [{ inputs: [1], retry: { attempts: 0 } }, /retry.attempts must be an integer >= 1/],
    [{ inputs: [1], retry: 3 }, /retry must be an object/],
    [{ inputs: [1], cache: 'yes' }, /cache must be a Cache/],
    [{ inputs: [1], onEvent: 'log' }, /onEvent must be a function/],
  ])('%o is refused with InvalidOptionsError naming the option and the value', async (options, message) => {
    const attempt = dispatch({ agent: (n: unknown) => n, ...(options as { inputs: unknown[] }) });
    await expect(attempt).rejects.toSatisfy((error: unknown) => InvalidOptionsError.isInstance(error) && (error as Error & { code: string }).code === 'invalid_options');
    await expect(attempt).rejects.toThrow(message);
  });

  it('a thousand concurrent backoffs add no listener to a shared signal (no MaxListenersExceededWarning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const seen = new Set<number>();
      const run = await dispatch({
        agent: (n: number) => {
          if (!seen.has(n)) {
            seen.add(n);
            throw new AgentError('flaky', { retryable: true });
          }
          return n;
        },
        inputs: Array.from({ length: 1_000 }, (_, i) => i),
        cache: false,
        retry: { attempts: 2, baseDelayMs: 20 },
        limits: { maxConcurrent: 1_000 },
      });
      expect(run.stats.succeeded).toBe(1_000);
      await delay(10);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('errors across builds, and the result type', () => {
  it('an error of the CJS build is recognised by the ESM classes through its Symbol.for brand', () => {
    const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../../src/index.js');
    const error = new cjs.TimeoutError('from the other build');
    expect(error instanceof TimeoutError).toBe(false);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(cjs.FlotillaError.isInstance(new TimeoutError('x'))).toBe(true);
    expect(AgentError.isInstance(error)).toBe(false);
  });

  it('AgentResult is a union on ok', () => {
    type R = AgentResult<number, { label: string }>;
    const pick = (r: R) => (r.ok ? r.value.label : r.error.code);
    expectTypeOf(pick).returns.toEqualTypeOf<string>();
    expect(pick({ index: 0, input: 1, ok: true, value: { label: 'a' }, costUsd: 0, durationMs: 0, cached: false, attempts: 1 })).toBe('a');
  });
});
