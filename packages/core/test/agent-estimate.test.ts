import { describe, expect, it } from 'vitest';
import { dispatch, type AgentDefinition, type AttemptObserver, type DispatchInstrumentation } from '../src/index.js';
import { delay } from './helpers.js';

describe("the agent's own cost estimate", () => {
  it('is reserved before each agent starts, so a cap holds without costPerAgentUsd', async () => {
    let running = 0;
    let peak = 0;
    const agent: AgentDefinition<number, number> = {
      name: 'estimated',
      estimateCostUsd: () => 0.02,
      async run(input, ctx) {
        peak = Math.max(peak, ++running);
        await delay(10, ctx.signal);
        ctx.reportCost(0.02);
        running--;
        return input;
      },
    };
    const run = await dispatch({ agent, inputs: Array.from({ length: 10 }, (_, i) => i), cache: false, limits: { maxTotalCostUsd: 0.05, maxConcurrent: 10 } });
    expect(run.stats.costUsd).toBeCloseTo(0.04, 12);
    expect(run.results.filter((r) => r.ok)).toHaveLength(2);
    expect(peak).toBeLessThanOrEqual(2);
    expect(run.stopReason).toBe('budget');
  });

  it('is asked with the input and its prompt, only when the run has a budget, and the larger of it and costPerAgentUsd is held', async () => {
    const asked: [number, string | undefined][] = [];
    const agent: AgentDefinition<{ n: number }, number> = {
      name: 'estimated',
      estimateCostUsd: (input, prompt) => (asked.push([input.n, prompt]), 0.001),
      run: (input) => input.n,
    };
    await dispatch({ agent, inputs: [{ n: 1 }], cache: false, template: 'n={n}' });
    expect(asked).toEqual([]);
    await dispatch({ agent, inputs: [{ n: 2 }], cache: false, template: 'n={n}', limits: { maxTotalCostUsd: 1 } });
    expect(asked).toEqual([[2, 'n=2']]);
    // costPerAgentUsd 0.03 > estimate: only one of two fits a 0.05 cap at a time, both run.
    const run = await dispatch({ agent, inputs: [{ n: 3 }, { n: 4 }], cache: false, limits: { maxTotalCostUsd: 0.05, costPerAgentUsd: 0.03 } });
    expect(run.results.every((r) => r.ok)).toBe(true);
  });

  it('fails the item without calling the agent when the estimate is not a finite amount', async () => {
    let calls = 0;
    const agent: AgentDefinition<number, number> = { name: 'nan', estimateCostUsd: () => Number.NaN, run: (x) => (calls++, x) };
    const run = await dispatch({ agent, inputs: [1], cache: false, limits: { maxTotalCostUsd: 1 } });
    expect(run.results[0]!.ok).toBe(false);
    expect(run.results[0]!.error?.message).toMatch(/estimateCostUsd must return a finite amount/);
    expect(calls).toBe(0);
  });
});

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
