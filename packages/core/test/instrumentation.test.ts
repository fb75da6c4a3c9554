import { describe, expect, it } from 'vitest';
import { dispatch, type AttemptObserver, type DispatchInstrumentation } from '../src/index.js';

describe('ctx.annotate', () => {
  it("puts the last attempt's notes in result.meta, and a retried attempt's notes do not leak", async () => {
    const run = await dispatch({
      agent: async (input: number, ctx) => {
        ctx.annotate({ usage: { inputTokens: ctx.attempt } });
        if (ctx.attempt === 1) throw Object.assign(new Error('flaky'), {});
        return input;
      },
      inputs: [1],
      cache: false,
      retry: { attempts: 2, retryOn: () => true, baseDelayMs: 0 },
    });
    expect(run.results[0]!.meta).toEqual({ usage: { inputTokens: 2 } });
  });
});

describe('instrumentation', () => {
  it('sees runs, attempts and results; a nested run names the attempt it runs in; a throwing observer changes nothing', async () => {
    const log: string[] = [];
    const attempts: AttemptObserver[] = [];
    let nestedParent: AttemptObserver | undefined;
    const instrumentation: DispatchInstrumentation = {
      startRun(run) {
        log.push(`run ${run.agent.name} depth ${run.depth} inputs ${run.inputCount}`);
        if (run.depth === 1) nestedParent = run.parent;
        return {
          startAttempt(attempt) {
            log.push(`start ${run.agent.name}#${attempt.index}.${attempt.attempt}`);
            const observer = { end: (end: { ok: boolean; costUsd: number }) => void log.push(`end ${run.agent.name}#${attempt.index} ok=${end.ok} $${end.costUsd}`) };
            attempts.push(observer);
            return observer;
          },
          result(result) {
            log.push(`result ${run.agent.name}#${result.index}`);
            throw new Error('observer bug');
          },
          end(outcome) {
            log.push(`end-run ${run.agent.name} ${outcome.stopReason}`);
          },
        };
      },
    };
    const inner = { name: 'inner', run: (x: number, ctx: { reportCost(usd: number): void }) => (ctx.reportCost(0.5), x) };
    const run = await dispatch({
      agent: { name: 'outer', run: async (x: number, ctx) => (await ctx.dispatch({ agent: inner, inputs: [x], cache: false })).results[0]!.value },
      inputs: [7],
      cache: false,
      instrumentation,
    });
    expect(run.results[0]!.value).toBe(7);
    expect(log).toEqual([
      'run outer depth 0 inputs 1',
      'start outer#0.1',
      'run inner depth 1 inputs 1',
      'start inner#0.1',
      'end inner#0 ok=true $0.5',
      'result inner#0',
      'end-run inner completed',
      'end outer#0 ok=true $0.5',
      'result outer#0',
      'end-run outer completed',
    ]);
    expect(nestedParent).toBe(attempts[0]);
  });
});

describe('instrumentation within()', () => {
  const withWithin = (within: AttemptObserver['within']): DispatchInstrumentation => ({
    startRun: () => ({ startAttempt: () => ({ within, end: () => undefined }), result: () => undefined, end: () => undefined }),
  });

  it('runs the agent through within(), once', async () => {
    let wrapped = 0;
    let calls = 0;
    const run = await dispatch({ agent: (x: number) => (calls++, x), inputs: [1, 2], cache: false, instrumentation: withWithin((work) => (wrapped++, work())) });
    expect(run.results.map((r) => r.value)).toEqual([1, 2]);
    expect([wrapped, calls]).toEqual([2, 2]);
  });

  it('runs the agent exactly once when within() throws before, after, or never calls it', async () => {
    for (const within of [
      () => {
        throw new Error('before');
      },
      (work: () => unknown) => {
        work();
        throw new Error('after');
      },
      () => undefined,
    ] as AttemptObserver['within'][]) {
      let calls = 0;
      const run = await dispatch({ agent: (x: number) => (calls++, x), inputs: [1], cache: false, instrumentation: withWithin(within) });
      expect(run.results[0]!.value).toBe(1);
      expect(calls).toBe(1);
    }
  });

  it("keeps the agent's own failure when it runs inside within()", async () => {
    const run = await dispatch({ agent: () => Promise.reject(new Error('agent failed')), inputs: [1], cache: false, instrumentation: withWithin((work) => work()) });
    expect(run.results[0]!.error?.message).toBe('agent failed');
  });
});
