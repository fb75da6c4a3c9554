import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, majorityVote, type AgentContext, type AgentResult, type MajorityVoteOptions } from '../../src/index.js';
import { delay } from '../helpers.js';
import { ballot } from './support.js';

const LABELS = ['a', 'b', 'c'] as const;

/** One voter: its answer (or a failure), how long it takes and what it costs. */
interface Voter {
  label: (typeof LABELS)[number] | undefined;
  /** Weight class of the voter (its model), 1..3. */
  heft: number;
  ms: number;
  costUsd: number;
}

const voterArb = fc.record({
  label: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...LABELS) }, { weight: 1, arbitrary: fc.constant(undefined) }),
  heft: fc.integer({ min: 1, max: 3 }),
  ms: fc.integer({ min: 0, max: 6 }),
  costUsd: fc.integer({ min: 1, max: 50 }).map((cents) => cents / 1000),
});

type VoteMode = 'plain' | 'quorum' | 'weighted';

function voteOptions(mode: VoteMode, voters: readonly Voter[], earlyStop: boolean): MajorityVoteOptions<Voter, string> {
  if (mode === 'quorum') return earlyStop ? { quorum: 0.6 } : {};
  if (mode === 'weighted') {
    const weight = (result: AgentResult<Voter, string>) => result.input.heft;
    return earlyStop ? { earlyStop, weight, maxWeight: (index) => voters[index]!.heft } : { weight };
  }
  return { earlyStop };
}

/** A deterministic voter: same input, same answer and cost, whatever the timing. Aborted calls bill half. */
async function vote(voter: Voter, ctx: AgentContext): Promise<string> {
  try {
    await delay(voter.ms, ctx.signal);
  } catch (error) {
    ctx.reportCost(voter.costUsd / 2);
    throw error;
  }
  ctx.reportCost(voter.costUsd);
  if (voter.label === undefined) throw new Error('provider error');
  return voter.label;
}

describe('early-stop vote properties', () => {
  it('a decided vote keeps its winner whatever the unfinished items would have said', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: voterArb, other: voterArb }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom<VoteMode>('plain', 'quorum', 'weighted'),
        fc.integer({ min: 0, max: 1_000 }),
        (pairs, mode, shuffleSeed) => {
          const voters = pairs.map((pair) => pair.label);
          const order = shuffle(voters.map((_, index) => index), shuffleSeed);
          const toResult = (index: number, voter: Voter) => ({ ...ballot(index, voter.label), input: voter }) as AgentResult<Voter, string>;
          const early = majorityVote<Voter, string, string>((v) => v, voteOptions(mode, voters, true));
          let decidedAfter: number | undefined;
          for (let i = 0; i < order.length && decidedAfter === undefined; i++) {
            const index = order[i]!;
            if (early.decide!(toResult(index, voters[index]!), { settled: i + 1, pending: order.length - i - 1 })) decidedAfter = i + 1;
          }
          if (decidedAfter === undefined) return;
          const seen = new Set(order.slice(0, decidedAfter));
          const full = majorityVote<Voter, string, string>((v) => v, voteOptions(mode, voters, false));
          const winnerOf = (chosen: (index: number) => Voter) => full.finish(voters.map((_, index) => toResult(index, chosen(index)))).winner;
          // The actual rest, another rest (other answers, same weight bounds), and no rest at all.
          const actual = winnerOf((index) => voters[index]!);
          const other = winnerOf((index) => (seen.has(index) ? voters[index]! : { ...pairs[index]!.other, heft: Math.min(pairs[index]!.other.heft, voters[index]!.heft) }));
          const none = full.finish(order.slice(0, decidedAfter).map((index) => toResult(index, voters[index]!))).winner;
          expect(other).toBe(actual);
          expect(none).toBe(actual);
          expect(early.finish([]).decidedAfter).toBe(decidedAfter);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('dispatch with early stop: same winner as the full vote, never more spend, one result per input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(voterArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<VoteMode>('plain', 'quorum', 'weighted'),
        async (voters, maxConcurrent, mode) => {
          const reservation = 0.05;
          const run = (earlyStop: boolean) => {
            const events: number[] = [];
            return dispatch({
              agent: vote,
              inputs: voters,
              cache: false,
              limits: { maxConcurrent, costPerAgentUsd: reservation },
              aggregate: majorityVote<Voter, string, string>((v) => v, voteOptions(mode, voters, earlyStop)),
              onEvent: (event) => event.type === 'result' && events.push(event.result.index),
            }).then((outcome) => ({ ...outcome, events }));
          };
          const full = await run(false);
          const early = await run(true);

          expect(early.value.winner).toBe(full.value.winner);
          expect(early.stats.costUsd).toBeLessThanOrEqual(full.stats.costUsd + 1e-12);
          for (const outcome of [early, full]) {
            expect(outcome.results.map((result) => result.index)).toEqual(voters.map((_, index) => index));
            expect([...outcome.events].sort((a, b) => a - b)).toEqual(voters.map((_, index) => index));
          }
          const decided = early.results.filter((result) => result.error?.code === 'decided').length;
          expect(early.stats.savedUsd).toBeCloseTo(decided * reservation, 10);
          if (early.stopReason === 'decided') {
            expect(early.value.decidedAfter).toBeGreaterThan(0);
            expect(early.value.decidedAfter).toBeLessThan(voters.length);
            expect(decided).toBeGreaterThan(0);
          } else {
            expect(early.stopReason).toBe('completed');
            expect(early.value).toEqual(full.value);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** A seeded Fisher-Yates shuffle (arrival order of the results). */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed + 1;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
