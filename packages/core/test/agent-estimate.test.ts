import { describe, expect, it } from 'vitest';
import { dispatch, type AgentDefinition } from '../src/index.js';
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
    expect(run.results[0]!.error?.message).toMatch(/estimateCostUsd of agent "[a-z]*" must return a finite number of USD/);
    expect(calls).toBe(0);
  });
});
