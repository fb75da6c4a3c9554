import { describe, expect, it } from 'vitest';
import { dispatch, type AgentResult, type Aggregator } from '../src/index.js';
import { delay } from './helpers.js';

describe('aggregator hooks', () => {
  it('decide() stops the run with decided: running agents are aborted, the rest skipped, savings reported', async () => {
    const aborted: number[] = [];
    const firstOk: Aggregator<number, number, number | undefined> = {
      decide: (result) => result.ok,
      finish: (results) => results.find((r) => r.ok)?.value,
    };
    const run = await dispatch({
      agent: async (ms: number, ctx) => {
        try {
          await delay(ms, ctx.signal);
        } catch (error) {
          aborted.push(ctx.index);
          throw error;
        }
        return ms;
      },
      inputs: [10, 500, 500, 500, 500],
      cache: false,
      aggregate: firstOk,
      limits: { maxConcurrent: 3, costPerAgentUsd: 0.02 },
    });
    expect(run.stopReason).toBe('decided');
    expect(run.value).toBe(10);
    expect(aborted.sort()).toEqual([1, 2]);
    expect(run.results.slice(1).every((r) => r.error?.code === 'decided')).toBe(true);
    expect(run.stats.savedUsd).toBeCloseTo(4 * 0.02, 10);
  });

  it('decide() sees how many results are still to come', async () => {
    const seen: Array<number | undefined> = [];
    await dispatch({
      agent: (n: number) => n,
      inputs: [1, 2, 3],
      cache: false,
      limits: { maxConcurrent: 1 },
      aggregate: { decide: (_: AgentResult, progress) => (seen.push(progress.pending), false), finish: () => undefined },
    });
    expect(seen).toEqual([2, 1, 0]);
  });

  it('a decide() that throws is reported and the run goes on', async () => {
    const warnings: string[] = [];
    const run = await dispatch({
      agent: (n: number) => n,
      inputs: [1, 2],
      cache: false,
      onEvent: (e) => e.type === 'warning' && warnings.push(e.code),
      aggregate: {
        decide: () => {
          throw new Error('bug');
        },
        finish: () => 'done',
      },
    });
    expect(run.stopReason).toBe('completed');
    expect(warnings).toEqual(['aggregator_error', 'aggregator_error']);
  });

  it('gate() holds an item back until it resolves, without holding a slot', async () => {
    const starts: number[] = [];
    const begin = performance.now();
    await dispatch({
      agent: (n: number) => void starts.push(Math.round(performance.now() - begin)) ?? n,
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxConcurrent: 1 },
      aggregate: { gate: (index) => (index === 0 ? delay(60) : undefined), finish: () => undefined },
    });
    // Items 1 and 2 start while item 0 is still gated.
    expect(starts[0]).toBeLessThan(30);
    expect(starts[2]).toBeGreaterThanOrEqual(55);
  });
});
