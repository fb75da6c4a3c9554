import { describe, expect, it } from 'vitest';
import { dispatch, firstSuccess, majorityVote, type AgentContext } from '../../src/index.js';
import { delay } from '../helpers.js';

type Voter = { label: string; ms: number };

const answer = async (voter: Voter, ctx: AgentContext) => {
  await delay(voter.ms, ctx.signal);
  return { label: voter.label };
};

describe('one aggregator shared by concurrent runs', () => {
  it('majorityVote with earlyStop counts each run apart', async () => {
    const vote = majorityVote<Voter, { label: string }, string>('label', { earlyStop: true });
    // Run A agrees on "a" fast; run B on "b". Counted together, the first three
    // results (a, b, a ...) would decide nothing, or the wrong label.
    const a = [10, 30, 50, 400, 400].map((ms) => ({ label: 'a', ms }));
    const b = [20, 40, 60, 400, 400].map((ms) => ({ label: 'b', ms }));
    const [runA, runB] = await Promise.all([
      dispatch({ agent: answer, inputs: a, aggregate: vote, cache: false, limits: { maxConcurrent: 5 } }),
      dispatch({ agent: answer, inputs: b, aggregate: vote, cache: false, limits: { maxConcurrent: 5 } }),
    ]);
    for (const [run, label] of [[runA, 'a'], [runB, 'b']] as const) {
      expect(run.stopReason).toBe('decided');
      expect(run.value.winner).toBe(label);
      expect(run.value.decidedAfter).toBe(3);
    }
  });

  it('firstSuccess with hedging races each run apart', async () => {
    // Wide margins, so a loaded machine cannot reorder them: an answer at once against a 300 ms
    // hedge, and a primary that answers only when the run cancels it.
    const race = firstSuccess<Voter, { label: string }>({ hedgeAfterMs: 300 });
    const started: string[] = [];
    const agent = async (voter: Voter, ctx: AgentContext) => (started.push(voter.label), answer(voter, ctx));
    const [runA, runB] = await Promise.all([
      dispatch({ agent, inputs: [{ label: 'a0', ms: 0 }, { label: 'a1', ms: 0 }], aggregate: race, cache: false }),
      dispatch({ agent, inputs: [{ label: 'b0', ms: 60_000 }, { label: 'b1', ms: 0 }], aggregate: race, cache: false }),
    ]);
    // Run A's primary answered within the hedge delay: its backup never started.
    expect(runA.value.winner?.value).toEqual({ label: 'a0' });
    expect(runA.value.decidedAfter).toBe(1);
    // Run B's primary was slow: its own hedge started the backup, which won.
    expect(runB.value.winner?.value).toEqual({ label: 'b1' });
    expect(started.sort()).toEqual(['a0', 'b0', 'b1']);
  });
});
