import { describe, expect, it } from 'vitest';
import { bestResult, collectAll, dispatch, majorityVote, rankByMetric, type AgentResult } from '../src/index.js';

const result = (index: number, value: unknown, ok = true): AgentResult =>
  ok
    ? { index, input: index, ok, value, costUsd: 0, durationMs: 0, cached: false, attempts: 1 }
    : { index, input: index, ok, error: { code: 'agent_error', message: 'x' }, costUsd: 0, durationMs: 0, cached: false, attempts: 1 };

describe('aggregators', () => {
  it('collectAll keeps successful results in input order; it is the default', async () => {
    const run = await dispatch({ agent: (n: number) => { if (n === 1) throw new Error('x'); return n; }, inputs: [0, 1, 2], cache: false });
    expect(run.value.map((r) => r.value)).toEqual([0, 2]);
    expect(collectAll().finish([result(0, 'a'), result(1, 'b', false)])).toHaveLength(1);
  });

  it('majorityVote reports winner, votes, total and agreement, ignoring failures', () => {
    const outcome = majorityVote('label').finish([
      result(0, { label: 'electronics' }),
      result(1, { label: 'grocery' }),
      result(2, { label: 'electronics' }),
      result(3, null, false),
      result(4, { label: 'electronics' }),
    ]);
    expect(outcome).toEqual({
      winner: 'electronics',
      votes: [
        { value: 'electronics', count: 3, weight: 3 },
        { value: 'grocery', count: 1, weight: 1 },
      ],
      total: 4,
      totalWeight: 4,
      agreement: 0.75,
      margin: 2,
      decidedAfter: undefined,
    });
  });

  it('majorityVote breaks ties deterministically by first appearance, whatever the completion order', () => {
    const forward = majorityVote((v: string) => v).finish([result(0, 'b'), result(1, 'a'), result(2, 'a'), result(3, 'b')]);
    expect(forward.winner).toBe('b');
    expect(majorityVote((v: { x: number[] }) => v.x).finish([result(0, { x: [1] }), result(1, { x: [1] })]).winner).toEqual([1]);
    expect(majorityVote('x').finish([])).toEqual({ winner: undefined, votes: [], total: 0, totalWeight: 0, agreement: 0, margin: 0, decidedAfter: undefined });
  });

  it('rankByMetric sorts by a field, descending by default, non-numbers last', () => {
    const ranked = rankByMetric('score').finish([result(0, { score: 0.2 }), result(1, { score: 0.9 }), result(2, { score: 'n/a' }), result(3, { score: 0.5 })]);
    expect(ranked.map((r) => r.index)).toEqual([1, 3, 0, 2]);
    const ascending = rankByMetric((v: { ms: number }) => v.ms, { order: 'asc' }).finish([result(0, { ms: 30 }), result(1, { ms: 10 })]);
    expect(ascending.map((r) => r.index)).toEqual([1, 0]);
  });

  it('bestResult returns the single best successful result, or undefined', () => {
    expect(bestResult('q').finish([result(0, { q: 1 }), result(1, { q: 3 }), result(2, { q: 3 })])?.index).toBe(1);
    expect(bestResult('q').finish([result(0, null, false)])).toBeUndefined();
  });

  it('puts the aggregate into run.value', async () => {
    const run = await dispatch({ agent: (model: string) => ({ label: model === 'c' ? 'x' : 'y' }), inputs: ['a', 'b', 'c'], aggregate: majorityVote('label'), cache: false });
    expect(run.value.winner).toBe('y');
    expect(`${run.value.winner} (${run.value.votes[0]!.count}/${run.value.total} votes)`).toBe('y (2/3 votes)');
  });
});
