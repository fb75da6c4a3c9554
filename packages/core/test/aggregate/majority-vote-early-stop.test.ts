import { describe, expect, it } from 'vitest';
import { dispatch, InvalidOptionsError, majorityVote, type AgentContext } from '../../src/index.js';
import { delay } from '../helpers.js';
import { ballot, decidedAt } from './support.js';

type Voter = { label: string; ms: number };

/** A voter that answers `label` after `ms`, honouring its signal, and records aborts. */
function voters(aborted: number[] = []) {
  return async (voter: Voter, ctx: AgentContext) => {
    try {
      await delay(voter.ms, ctx.signal);
    } catch (error) {
      aborted.push(ctx.index);
      throw error;
    }
    ctx.reportCost(0.01);
    return { label: voter.label };
  };
}

describe('majorityVote early stop (decide)', () => {
  it('decides once the leader beats the runner-up plus every vote still to come', () => {
    const vote = majorityVote<number, string, string>((v) => v, { earlyStop: true });
    // 5 voters: after a, a, a the two left cannot catch up (3 > 0 + 2).
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, 'a'), ballot(2, 'a'), ballot(3, 'b'), ballot(4, 'b')])).toBe(3);
    // a, b, a, a: after four, 3 > 1 + 1.
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, 'b'), ballot(2, 'a'), ballot(3, 'a'), ballot(4, 'b')])).toBe(4);
  });

  it('does not decide on a lead that a possible tie could undo', () => {
    const vote = majorityVote<number, string, string>((v) => v, { earlyStop: true });
    // a, a, b with two to come: b could reach 3 and tie, and a tie is not decided.
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, 'a'), ballot(2, 'b'), ballot(3, 'b'), ballot(4, 'b')])).toBeUndefined();
    // Two votes, two to come: an unseen value could still get both.
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, 'a'), ballot(2, 'c'), ballot(3, 'c')])).toBeUndefined();
  });

  it('counts failures as votes that will never come, and does not stop on the last result', () => {
    const vote = majorityVote<number, string, string>((v) => v, { earlyStop: true });
    // a, fail, fail with two to come: 1 > 0 + 2 is false; then a: 2 > 0 + 1.
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, undefined), ballot(2, undefined), ballot(3, 'a'), ballot(4, 'b')])).toBe(4);
    // Nothing is left to save on the last result: the run completes normally.
    expect(decidedAt(vote, [ballot(0, 'a'), ballot(1, undefined)])).toBeUndefined();
  });

  it('never decides while the input count is unknown (an async iterable not yet exhausted)', () => {
    const vote = majorityVote<number, string, string>((v) => v, { earlyStop: true });
    const unanimous = Array.from({ length: 9 }, (_, i) => ballot(i, 'a'));
    expect(decidedAt(vote, unanimous, 'unknown')).toBeUndefined();
    expect(decidedAt(vote, unanimous, 9)).toBe(5);
  });

  it('quorum stops once one value is certain to hold that share of all votes that can be cast', () => {
    const ballots = [ballot(0, 'a'), ballot(1, 'a'), ballot(2, 'a'), ballot(3, 'a'), ballot(4, 'b')];
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { quorum: 0.6 }), ballots)).toBe(3);
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { quorum: 0.8 }), ballots)).toBe(4);
    // 0.8 of 5 is never reached when two disagree.
    const split = [ballot(0, 'a'), ballot(1, 'a'), ballot(2, 'a'), ballot(3, 'b'), ballot(4, 'b')];
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { quorum: 0.8 }), split)).toBeUndefined();
    // A failure shrinks the votes that can be cast: 2 of the 3 possible is >= 0.6.
    const withFailures = [ballot(0, undefined), ballot(1, undefined), ballot(2, 'a'), ballot(3, 'a'), ballot(4, 'b')];
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { quorum: 0.6 }), withFailures)).toBe(4);
  });

  it('weights: the bound uses the largest weight each unfinished item could still cast', () => {
    const weights = [3, 1, 1, 1, 1];
    const weight = (r: { index: number }) => weights[r.index]!;
    const ballots = [ballot(0, 'x'), ballot(1, 'x'), ballot(2, 'y'), ballot(3, 'y'), ballot(4, 'y')];
    // Per item: 3 + 1 = 4 > 0 + 3 (three light voters left): decided after two.
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { earlyStop: true, weight, maxWeight: (i) => weights[i]! }), ballots)).toBe(2);
    // One bound for all (3): the three left could add 9, so it never decides early.
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { earlyStop: true, weight, maxWeight: 3 }), ballots)).toBeUndefined();
    // Unweighted, the same answers do not decide early either (2 vs up to 3).
    expect(decidedAt(majorityVote<number, string, string>((v) => v, { earlyStop: true }), ballots)).toBeUndefined();
    // And the weighted vote's outcome agrees with the decision: x wins 4 to 3.
    const outcome = majorityVote<number, string, string>((v) => v, { weight }).finish(ballots);
    expect(outcome).toMatchObject({ winner: 'x', totalWeight: 7, margin: 1, total: 5 });
    expect(outcome.votes).toEqual([
      { value: 'x', count: 2, weight: 4 },
      { value: 'y', count: 3, weight: 3 },
    ]);
    expect(outcome.agreement).toBeCloseTo(4 / 7, 12);
  });

  it('a vote heavier than its maxWeight is reported and turns the early stop off for the run', () => {
    const vote = majorityVote<number, { w: number }, string>(() => 'a', { earlyStop: true, weight: (r) => r.value!.w, maxWeight: 1 });
    expect(() => vote.decide!(ballot(0, { w: 2 }), { settled: 1, pending: 4 })).toThrow(/above its maxWeight 1/);
    expect(vote.decide!(ballot(1, { w: 1 }), { settled: 2, pending: 3 })).toBe(false);
    expect(vote.decide!(ballot(2, { w: 1 }), { settled: 3, pending: 2 })).toBe(false);
    expect(vote.decide!(ballot(3, { w: 1 }), { settled: 4, pending: 1 })).toBe(false);
    // A new run starts afresh.
    expect(decidedAt(vote, [ballot(0, { w: 1 }), ballot(1, { w: 1 }), ballot(2, { w: 1 })])).toBe(2);
  });

  it('refuses options that could make an early stop wrong', () => {
    const key = (v: string) => v;
    expect(() => majorityVote(key, { quorum: 0.5 })).toThrow(InvalidOptionsError);
    expect(() => majorityVote(key, { quorum: 1.2 })).toThrow(/\(0.5, 1\]/);
    expect(() => majorityVote(key, { quorum: 0.6, earlyStop: false })).toThrow(InvalidOptionsError);
    expect(() => majorityVote(key, { earlyStop: true, weight: () => 1 })).toThrow(/needs maxWeight/);
    expect(() => majorityVote(key, { maxWeight: 2 })).toThrow(/weight option, which is missing/);
    expect(() => majorityVote(key, { weight: () => 1, maxWeight: Number.NaN })).toThrow(InvalidOptionsError);
    expect(() => majorityVote(key, { weight: () => -1 }).finish([ballot(0, 'a')])).toThrow(/finite number >= 0/);
    // Without early stopping, weights need no bound, and no decide hook is installed.
    expect(majorityVote(key, { weight: () => 2 }).decide).toBeUndefined();
  });
});

describe('majorityVote early stop (dispatch)', () => {
  it('stops the run once decided: slow voters aborted, decidedAfter and savedUsd reported', async () => {
    const aborted: number[] = [];
    const inputs: Voter[] = [
      { label: 'a', ms: 5 },
      { label: 'a', ms: 10 },
      { label: 'b', ms: 2_000 },
      { label: 'a', ms: 15 },
      { label: 'b', ms: 2_000 },
    ];
    const run = await dispatch({
      agent: voters(aborted),
      inputs,
      cache: false,
      limits: { costPerAgentUsd: 0.02 },
      aggregate: majorityVote<Voter, { label: string }, string>('label', { earlyStop: true }),
    });
    expect(run.stopReason).toBe('decided');
    expect(run.value).toMatchObject({ winner: 'a', decidedAfter: 3, total: 3, margin: 3, agreement: 1 });
    expect(aborted.sort()).toEqual([2, 4]);
    expect(run.results.map((r) => r.error?.code)).toEqual([undefined, undefined, 'decided', undefined, 'decided']);
    expect(run.stats.costUsd).toBeCloseTo(0.03, 10);
    expect(run.stats.savedUsd).toBeCloseTo(2 * 0.02, 10);
    expect(run.stats.wallMs).toBeLessThan(1_500);
  });

  it('skips the voters not yet started with the code decided', async () => {
    const started: number[] = [];
    const run = await dispatch({
      agent: async (voter: Voter, ctx) => {
        started.push(ctx.index);
        await delay(voter.ms, ctx.signal);
        return voter.label;
      },
      inputs: [1, 2, 3, 4, 5, 6, 7].map((i) => ({ label: i % 3 === 0 ? 'b' : 'a', ms: 5 })),
      cache: false,
      limits: { maxConcurrent: 1 },
      aggregate: majorityVote<Voter, string, string>((v) => v, { earlyStop: true }),
    });
    // a a b a a: after five, 4 > 1 + 2.
    expect(run.value.decidedAfter).toBe(5);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(run.results.slice(5).map((r) => [r.error?.code, r.attempts])).toEqual([
      ['decided', 0],
      ['decided', 0],
    ]);
    expect(run.stats.skipped).toBe(2);
  });

  it('runs to the end when the vote is close, exactly like the full vote', async () => {
    const inputs: Voter[] = ['a', 'b', 'a', 'b', 'c'].map((label, i) => ({ label, ms: 5 + i }));
    const early = await dispatch({ agent: voters(), inputs, cache: false, aggregate: majorityVote<Voter, { label: string }, string>('label', { earlyStop: true }) });
    const full = await dispatch({ agent: voters(), inputs, cache: false, aggregate: majorityVote<Voter, { label: string }, string>('label') });
    expect(early.stopReason).toBe('completed');
    expect(early.value).toEqual(full.value);
    expect(early.value.decidedAfter).toBeUndefined();
  });

  it('with an async iterable, decides once the source is exhausted', async () => {
    async function* source(): AsyncGenerator<Voter> {
      yield { label: 'a', ms: 5 };
      yield { label: 'a', ms: 10 };
      yield { label: 'a', ms: 15 };
      yield { label: 'b', ms: 2_000 };
    }
    const run = await dispatch({ agent: voters(), inputs: source(), cache: false, aggregate: majorityVote<Voter, { label: string }, string>('label', { earlyStop: true }) });
    expect(run.stopReason).toBe('decided');
    expect(run.value.winner).toBe('a');
    expect(run.results).toHaveLength(4);
    expect(run.results[3]!.error?.code).toBe('decided');
  });

  it('weighted by model: the heavy model and one light one decide for five', async () => {
    const WEIGHTS: Record<string, number> = { large: 3, small: 1 };
    const models = ['large', 'small', 'small', 'small', 'small'];
    const inputs = models.map((model, i) => ({ model, label: i < 2 ? 'x' : 'y', ms: i < 2 ? 5 + 5 * i : 2_000 }));
    const run = await dispatch({
      agent: async (input: (typeof inputs)[number], ctx) => {
        await delay(input.ms, ctx.signal);
        return input.label;
      },
      inputs,
      cache: false,
      aggregate: majorityVote<(typeof inputs)[number], string, string>((v) => v, {
        earlyStop: true,
        weight: (r) => WEIGHTS[r.input.model]!,
        maxWeight: (i) => WEIGHTS[models[i]!]!,
      }),
    });
    expect(run.stopReason).toBe('decided');
    expect(run.value).toMatchObject({ winner: 'x', decidedAfter: 2, totalWeight: 4, margin: 4 });
  });
});
