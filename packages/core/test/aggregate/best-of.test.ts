import { describe, expect, it } from 'vitest';
import { bestOf, dispatch, InvalidOptionsError, type AgentContext } from '../../src/index.js';
import { delay } from '../helpers.js';
import { ballot, decidedAt } from './support.js';

describe('bestOf', () => {
  it('stops at the first result scoring at or above the threshold', () => {
    const best = bestOf<number, { grade: number }>('grade', { threshold: 0.8 });
    expect(decidedAt(best, [ballot(0, { grade: 0.5 }), ballot(1, { grade: 0.8 }), ballot(2, { grade: 0.99 })])).toBe(2);
    expect(decidedAt(best, [ballot(0, { grade: 0.5 }), ballot(1, undefined), ballot(2, { grade: 0.7 })])).toBeUndefined();
    // Scores that are not numbers never stop the run.
    expect(decidedAt(best, [ballot(0, { grade: Number.NaN }), ballot(1, { grade: 0.1 })])).toBeUndefined();
  });

  it('stops a run once a draft is good enough and returns the best that ran', async () => {
    const grades = [0.4, 0.85, 0.95, 0.99];
    const started: number[] = [];
    const run = await dispatch({
      agent: async (grade: number, ctx: AgentContext) => {
        started.push(ctx.index);
        await delay(5, ctx.signal);
        ctx.reportCost(0.01);
        return { grade };
      },
      inputs: grades,
      cache: false,
      limits: { maxConcurrent: 1, costPerAgentUsd: 0.01 },
      aggregate: bestOf<number, { grade: number }>((v) => v.grade, { threshold: 0.8 }),
    });
    expect(run.stopReason).toBe('decided');
    expect(started).toEqual([0, 1]);
    expect(run.value?.value).toEqual({ grade: 0.85 });
    expect(run.stats.savedUsd).toBeCloseTo(0.02, 10);

    // Below the threshold everywhere: the run completes and the best one is kept.
    const all = await dispatch({ agent: (grade: number) => ({ grade }), inputs: grades, cache: false, aggregate: bestOf<number, { grade: number }>('grade', { threshold: 2 }) });
    expect(all.stopReason).toBe('completed');
    expect(all.value?.index).toBe(3);
  });

  it('needs a numeric threshold', () => {
    expect(() => bestOf('grade', { threshold: Number.NaN })).toThrow(InvalidOptionsError);
    expect(() => bestOf('grade', {} as { threshold: number })).toThrow(/e.g. \{ threshold: 0.8 \}/);
  });
});
