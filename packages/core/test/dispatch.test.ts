import { describe, expect, it } from 'vitest';
import { dispatch, dispatchStream, InvalidOptionsError, type AgentResult } from '../src/index.js';
import { concurrencyProbe, delay } from './helpers.js';

describe('dispatch', () => {
  it('returns one result per input, in input order, whatever order agents finish in', async () => {
    const run = await dispatch({
      agent: async (n: number) => {
        await delay((10 - n) * 3);
        return n * n;
      },
      inputs: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      cache: false,
    });
    expect(run.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(run.results.map((r) => r.value)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    expect(run.stopReason).toBe('completed');
    expect(run.stats).toMatchObject({ total: 10, succeeded: 10, failed: 0, agentCalls: 10, skipped: 0 });
  });

  it('accepts an agent definition and passes ctx with index, attempt, depth and prompt', async () => {
    const seen: unknown[] = [];
    await dispatch({
      agent: {
        name: 'echo',
        run: (input: { name: string }, ctx) => {
          seen.push({ index: ctx.index, attempt: ctx.attempt, depth: ctx.depth, prompt: ctx.prompt, aborted: ctx.signal.aborted });
          return input.name;
        },
      },
      inputs: [{ name: 'Ada' }, { name: 'Linus' }],
      template: 'Hello {name}',
      cache: false,
    });
    expect(seen).toEqual([
      { index: 0, attempt: 1, depth: 0, prompt: 'Hello Ada', aborted: false },
      { index: 1, attempt: 1, depth: 0, prompt: 'Hello Linus', aborted: false },
    ]);
  });

  it('turns a thrown error into an agent_error result and keeps going', async () => {
    const run = await dispatch({
      agent: (n: number) => {
        if (n === 1) throw new Error('boom');
        return n;
      },
      inputs: [0, 1, 2],
      cache: false,
    });
    expect(run.results[1]).toMatchObject({ ok: false, error: { code: 'agent_error', message: 'boom' }, attempts: 1 });
    expect(run.results[2]).toMatchObject({ ok: true, value: 2 });
    expect(run.stats).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('fails an item whose input lacks a template field with invalid_input, without calling the agent', async () => {
    let calls = 0;
    const run = await dispatch({
      agent: () => ++calls,
      inputs: [{ text: 'a' }, { other: 'b' }],
      template: 'Summarize {text}',
      cache: false,
    });
    expect(calls).toBe(1);
    expect(run.results[1]).toMatchObject({ ok: false, attempts: 0, error: { code: 'invalid_input' } });
    expect(run.results[1]!.error!.message).toContain('"text"');
  });

  it('rejects a malformed template before anything runs', async () => {
    let calls = 0;
    await expect(dispatch({ agent: () => ++calls, inputs: [1], template: 'bad {' })).rejects.toMatchObject({ code: 'invalid_template' });
    expect(calls).toBe(0);
  });

  it('rejects invalid limits with an error that names the limit', async () => {
    await expect(dispatch({ agent: () => 1, inputs: [1], limits: { maxConcurrent: 0 } })).rejects.toBeInstanceOf(InvalidOptionsError);
    await expect(dispatch({ agent: () => 1, inputs: [1], limits: { maxConcurrent: 0 } })).rejects.toThrow(/maxConcurrent/);
    await expect(dispatch({ agent: () => 1, inputs: [1], limits: { maxTotalCostUsd: -1 } })).rejects.toThrow(/maxTotalCostUsd/);
    await expect(dispatch({ agent: () => 1, inputs: [1], limits: { maxFailureRate: 2 } })).rejects.toThrow(/maxFailureRate/);
    await expect(dispatch({ agent: () => 1, inputs: [1], limits: { maxConcurent: 2 } as never })).rejects.toThrow(/unknown limit "maxConcurent"/);
    await expect(dispatch({ agent: 'nope' as never, inputs: [1] })).rejects.toThrow(/agent must be/);
    await expect(dispatch({ agent: () => 1, inputs: 42 as never })).rejects.toThrow(/inputs must be/);
  });

  it('reports latency percentiles and peak concurrency', async () => {
    const run = await dispatch({ agent: async (ms: number) => delay(ms), inputs: [5, 10, 15, 20], cache: false, limits: { maxConcurrent: 2 } });
    expect(run.stats.peakConcurrency).toBe(2);
    expect(run.stats.latencyMs.max).toBeGreaterThanOrEqual(18);
    expect(run.stats.latencyMs.p50).toBeGreaterThanOrEqual(8);
    expect(run.stats.wallMs).toBeGreaterThan(0);
  });

  it('emits start, result and end events', async () => {
    const types: string[] = [];
    await dispatch({ agent: (n: number) => n, inputs: [1, 2], cache: false, onEvent: (e) => types.push(e.type) });
    expect(types.filter((t) => t === 'start')).toHaveLength(2);
    expect(types.filter((t) => t === 'result')).toHaveLength(2);
    expect(types.at(-1)).toBe('end');
  });

  it('survives an onEvent handler that throws', async () => {
    const run = await dispatch({
      agent: (n: number) => n,
      inputs: [1, 2],
      cache: false,
      onEvent: () => {
        throw new Error('bad handler');
      },
    });
    expect(run.stats.succeeded).toBe(2);
  });

  it('reports whether minSuccessCount was met, keeping the results', async () => {
    const run = await dispatch({
      agent: (n: number) => {
        if (n > 0) throw new Error('no');
        return n;
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { minSuccessCount: 2 },
    });
    expect(run.minSuccessMet).toBe(false);
    expect(run.results).toHaveLength(3);
    const ok = await dispatch({ agent: (n: number) => n, inputs: [0, 1], cache: false, limits: { minSuccessCount: 2 } });
    expect(ok.minSuccessMet).toBe(true);
  });
});

describe('inputs', () => {
  it('pulls an async iterable lazily, reading ahead at most about maxConcurrent items', async () => {
    let pulled = 0;
    let finished = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - finished);
        yield i;
      }
    }
    const run = await dispatch({
      agent: async (n: number) => {
        await delay(1);
        finished++;
        return n;
      },
      inputs: source(),
      cache: false,
      limits: { maxConcurrent: 5 },
    });
    expect(run.results).toHaveLength(200);
    expect(maxAhead).toBeLessThanOrEqual(11);
  });

  it('accepts any iterable (a Set, a generator)', async () => {
    const run = await dispatch({ agent: (n: number) => n + 1, inputs: new Set([1, 2, 3]), cache: false });
    expect(run.results.map((r) => r.value)).toEqual([2, 3, 4]);
    function* gen() {
      yield 'a';
      yield 'b';
    }
    const run2 = await dispatch({ agent: (s: string) => s.toUpperCase(), inputs: gen(), cache: false });
    expect(run2.results.map((r) => r.value)).toEqual(['A', 'B']);
  });

  it('handles an empty input list', async () => {
    const run = await dispatch({ agent: () => 1, inputs: [] });
    expect(run).toMatchObject({ results: [], stopReason: 'completed', stats: { total: 0 } });
  });
});

describe('dispatchStream', () => {
  it('yields every result as it completes, fastest first', async () => {
    const order: number[] = [];
    for await (const result of dispatchStream({ agent: async (ms: number) => (await delay(ms), ms), inputs: [60, 10, 30], cache: false })) {
      order.push(result.value as number);
    }
    expect(order).toEqual([10, 30, 60]);
  });

  it('returns the run outcome when done', async () => {
    const stream = dispatchStream({ agent: (n: number) => n, inputs: [1, 2], cache: false });
    let step = await stream.next();
    while (!step.done) step = await stream.next();
    expect(step.value).toMatchObject({ stopReason: 'completed', stats: { total: 2 } });
  });

  it('applies backpressure: a consumer that stops reading stops the source from being drained', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield i;
      }
    }
    const stream = dispatchStream({ agent: (n: number) => n, inputs: source(), cache: false, limits: { maxConcurrent: 4 } });
    await stream.next();
    await delay(30);
    expect(pulled).toBeLessThan(100);
    await stream.return(undefined as never);
  });

  it('aborts running agents when the consumer breaks out early', async () => {
    const aborted: number[] = [];
    const results: AgentResult[] = [];
    for await (const result of dispatchStream({
      agent: async (ms: number, ctx) => {
        try {
          await delay(ms, ctx.signal);
        } catch (error) {
          aborted.push(ms);
          throw error;
        }
        return ms;
      },
      inputs: [5, 1000, 1000],
      cache: false,
    })) {
      results.push(result);
      break;
    }
    expect(results).toHaveLength(1);
    expect(aborted.sort()).toEqual([1000, 1000]);
  });

  it('runs a long async source through a stream in bounded memory', async () => {
    let count = 0;
    async function* source() {
      for (let i = 0; i < 20_000; i++) yield i;
    }
    const probe = concurrencyProbe(async (n: number) => n);
    for await (const result of dispatchStream({ agent: probe.agent, inputs: source(), cache: false, limits: { maxConcurrent: 50 } })) {
      if (result.ok) count++;
    }
    expect(count).toBe(20_000);
    expect(probe.peak).toBeLessThanOrEqual(50);
  });
});

describe('input source failures', () => {
  it('rejects with the source error after cancelling running agents', async () => {
    let aborted = 0;
    async function* source() {
      yield 1000;
      yield 1000;
      throw new Error('disk read failed');
    }
    const attempt = dispatch({
      agent: async (ms: number, ctx) => {
        try {
          await delay(ms, ctx.signal);
        } catch (error) {
          aborted++;
          throw error;
        }
      },
      inputs: source(),
      cache: false,
    });
    await expect(attempt).rejects.toThrow('disk read failed');
    expect(aborted).toBe(2);
  });
});
