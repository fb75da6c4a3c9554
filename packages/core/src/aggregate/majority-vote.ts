import { InvalidOptionsError } from '../errors.js';
import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator, DecideProgress } from './aggregator.js';
import { readKey, type ValueKey } from './metric.js';
import { PerRun } from './per-run.js';
import { VoteTally } from './vote-tally.js';

/** The outcome of {@link majorityVote}. */
export interface VoteOutcome<T = unknown> {
  /** The value with the most votes (the most weight), or `undefined` when nothing succeeded. */
  winner: T | undefined;
  /**
   * Votes per distinct value, heaviest first: `count` ballots of total
   * `weight` (the same number as `count` without a `weight` option).
   */
  votes: Array<{
    /** The value voted for. */
    value: T;
    /** Results that voted for it. */
    count: number;
    /** Their summed weight (equal to `count` without a `weight` option). */
    weight: number;
  }>;
  /** Successful results that voted. */
  total: number;
  /** Total weight of those votes (equal to `total` without a `weight` option). */
  totalWeight: number;
  /** The winner's share of the vote weight (0..1); 0 when nothing was cast. */
  agreement: number;
  /**
   * The winner's lead over the runner-up, in votes (in weight with a
   * `weight` option); the winner's whole weight when no other value got a vote.
   */
  margin: number;
  /**
   * How many results it took to decide the vote, when the vote stopped the
   * run early (`stopReason: 'decided'`); `undefined` when it ran to the end.
   */
  decidedAfter: number | undefined;
}

/** Options of {@link majorityVote}. */
export interface MajorityVoteOptions<I = unknown, O = unknown> {
  /**
   * Stop the run as soon as no result still to come can change the winner:
   * when the leader's weight exceeds the runner-up's weight plus the most
   * weight the unfinished items could still cast (a value nobody voted for
   * yet counts as a runner-up with 0). Running agents are then aborted and
   * unstarted items skipped with the code `decided`; `stats.savedUsd` prices
   * them. The winner is always the one the full vote over the same answers
   * would give. Needs a known input count (an array or other iterable); with
   * an async iterable the vote can stop only once the source is exhausted.
   */
  earlyStop?: boolean;
  /**
   * Stop once one value is certain to hold at least this share of all votes
   * that can still be cast (the weight cast so far plus the most the
   * unfinished items could add; failed items cast nothing). E.g. `0.6` with
   * five voters stops at three matching votes. Must be above 0.5 and at most
   * 1, so the stop never changes the winner; implies early stopping and is
   * never earlier than `earlyStop` alone. The final `agreement` is then at
   * least `quorum`.
   */
  quorum?: number;
  /**
   * The weight of one successful result's vote (default 1), e.g. by model
   * (`(r) => WEIGHTS[r.input.model]`) or by confidence (`(r) => r.value.confidence`).
   * Must return a finite number >= 0.
   */
  weight?: (result: AgentResult<I, O>) => number;
  /**
   * With `weight` and early stopping (required then): the most weight one
   * vote can carry, so the stop can bound what the unfinished items might
   * still add. A number applies to every item; a function gives the bound
   * per input index (tighter, e.g. `(i) => WEIGHTS[models[i]]` for weights
   * by model). A vote heavier than its bound is reported as an
   * `aggregator_error` warning and early stopping is off for the rest of the run.
   */
  maxWeight?: number | ((index: number) => number);
}

// Sums of float weights may differ in the last bits depending on their order;
// a stop must never rest on such noise, or an exact tie could be misread.
const EPSILON = 1e-9;

/**
 * Majority vote over a field (or a function) of each successful value,
 * optionally weighted and optionally stopping the run as soon as the outcome
 * is decided. Values are compared by their canonical JSON; ties go to the
 * value that appeared first in input order, so the outcome is deterministic.
 *
 * One aggregator may serve many runs, one after another or at once: each
 * run's early-stop count is kept apart (keyed by the run's stop signal).
 *
 * @example
 * const run = await dispatch({ agent: classify, inputs: models, aggregate: majorityVote('category') });
 * `${run.value.winner} (${run.value.votes[0].count}/${run.value.total} votes)`
 *
 * @example
 * // Five models; stop once three agree, abort the other two.
 * const run = await dispatch({ agent: classify, inputs: models, aggregate: majorityVote('category', { earlyStop: true }) });
 * run.stopReason;           // 'decided'
 * run.value.decidedAfter;   // 3
 * run.stats.savedUsd;       // the reservations of the two agents not needed
 */
export function majorityVote<I = unknown, O = any, T = unknown>(
  key: ValueKey<O, T>,
  options: MajorityVoteOptions<I, O> = {},
): Aggregator<I, O, VoteOutcome<T>> {
  const stops = checkOptions(options);
  const weightOf = (result: AgentResult<I, O>) => checkedWeight(options.weight, result);
  const counts = new PerRun(() => new EarlyStop(key, options, weightOf));

  const aggregator: Aggregator<I, O, VoteOutcome<T>> = {
    finish(results, signal) {
      const decidedAfter = counts.take(signal)?.decidedAfter;
      const tally = new VoteTally<T>();
      for (const result of results) {
        if (result.ok) tally.add(readKey(result.value as O, key), weightOf(result), result.index);
      }
      const votes = tally.ranked();
      const [top, next] = votes;
      return {
        winner: top?.value,
        votes: votes.map(({ value, count, weight }) => ({ value, count, weight })),
        total: tally.ballots,
        totalWeight: tally.weight,
        agreement: top && tally.weight > 0 ? top.weight / tally.weight : 0,
        margin: top ? top.weight - (next?.weight ?? 0) : 0,
        decidedAfter,
      };
    },
  };
  if (stops) {
    // Each run counts apart; outside a run, a first result starts a fresh count.
    aggregator.decide = (result, progress) => counts.get(progress.signal, progress.settled === 1).decide(result, progress);
  }
  return aggregator;
}

/** The running count of one run, and the test that ends it early. */
class EarlyStop<I, O, T> {
  private readonly tally = new VoteTally<T>();
  private readonly seen = new Set<number>();
  private off = false;
  decidedAfter: number | undefined;

  constructor(
    private readonly key: ValueKey<O, T>,
    private readonly options: MajorityVoteOptions<I, O>,
    private readonly weightOf: (result: AgentResult<I, O>) => number,
  ) {}

  decide(result: AgentResult<I, O>, { settled, pending }: DecideProgress): boolean {
    this.seen.add(result.index);
    if (this.off) return false;
    if (result.ok) this.count(result);
    // Unknown count: more votes may always come. None left: nothing to save.
    if (pending === undefined || pending === 0) return false;
    const remaining = this.remainingWeight(pending, settled + pending);
    const [first, second] = this.tally.leaders();
    if (!first || first.weight <= 0) return false;
    const lead = first.weight - (second?.weight ?? 0) - remaining;
    if (lead <= EPSILON * Math.max(1, first.weight)) return false;
    const quorum = this.options.quorum;
    if (quorum !== undefined && first.weight < quorum * (this.tally.weight + remaining) * (1 - EPSILON)) return false;
    this.decidedAfter = settled;
    return true;
  }

  private count(result: AgentResult<I, O>): void {
    const weight = this.weightOf(result);
    const bound = this.boundOf(result.index);
    if (weight > bound) {
      this.off = true;
      throw new InvalidOptionsError(
        `majorityVote: the vote of result ${result.index} weighs ${weight}, above its maxWeight ${bound}, so early stopping is off for this run; raise maxWeight`,
      );
    }
    this.tally.add(readKey(result.value as O, this.key), weight, result.index);
  }

  /** The most weight the items without a result can still cast. */
  private remainingWeight(pending: number, expected: number): number {
    const { maxWeight } = this.options;
    if (typeof maxWeight !== 'function') return pending * this.boundOf(0);
    let sum = 0;
    for (let index = 0; index < expected; index++) if (!this.seen.has(index)) sum += checkedBound(maxWeight(index), index);
    return sum;
  }

  private boundOf(index: number): number {
    const { maxWeight } = this.options;
    if (maxWeight === undefined) return 1;
    return typeof maxWeight === 'function' ? checkedBound(maxWeight(index), index) : maxWeight;
  }
}

/** Validate the options; `true` when the vote may stop the run early. */
function checkOptions(options: MajorityVoteOptions<any, any>): boolean {
  const { earlyStop, quorum, weight, maxWeight } = options;
  if (quorum !== undefined && !(Number.isFinite(quorum) && quorum > 0.5 && quorum <= 1)) {
    throw new InvalidOptionsError(`majorityVote: quorum ${quorum} is not in (0.5, 1]; pass a share above one half, e.g. 0.6`);
  }
  if (quorum !== undefined && earlyStop === false) {
    throw new InvalidOptionsError('majorityVote: quorum stops the vote early, which earlyStop: false forbids; drop one of the two');
  }
  if (maxWeight !== undefined && weight === undefined) {
    throw new InvalidOptionsError('majorityVote: maxWeight bounds the weight option, which is missing; pass weight or drop maxWeight');
  }
  if (typeof maxWeight === 'number') checkedBound(maxWeight, 0);
  const stops = earlyStop === true || quorum !== undefined;
  if (stops && weight !== undefined && maxWeight === undefined) {
    throw new InvalidOptionsError(
      'majorityVote: an early stop with weighted votes needs maxWeight, the most weight one vote can carry (e.g. 1 for confidences in 0..1), to know what the unfinished items could still add',
    );
  }
  return stops;
}

function checkedWeight<I, O>(weight: MajorityVoteOptions<I, O>['weight'], result: AgentResult<I, O>): number {
  if (!weight) return 1;
  const value = weight(result);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionsError(`majorityVote: weight() returned ${String(value)} for result ${result.index}; return a finite number >= 0`);
  }
  return value;
}

function checkedBound(bound: number, index: number): number {
  if (typeof bound !== 'number' || !Number.isFinite(bound) || bound < 0) {
    throw new InvalidOptionsError(`majorityVote: maxWeight is ${String(bound)} for input ${index}; give a finite number >= 0`);
  }
  return bound;
}
