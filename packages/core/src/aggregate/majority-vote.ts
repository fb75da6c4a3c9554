import { canonicalJson } from '../canonical-json.js';
import type { Aggregator } from '../types.js';
import { readKey, type ValueKey } from './metric.js';

/** The outcome of {@link majorityVote}. */
export interface VoteOutcome<T = unknown> {
  /** The value with the most votes, or `undefined` when nothing succeeded. */
  winner: T | undefined;
  /** Votes per distinct value, most votes first. */
  votes: Array<{ value: T; count: number }>;
  /** Successful results that voted. */
  total: number;
  /** The winner's share of the votes (0..1). */
  agreement: number;
}

/**
 * Majority vote over a field (or a function) of each successful value.
 * Values are compared by their canonical JSON; ties go to the value that
 * appeared first in input order, so the outcome is deterministic.
 *
 * @example
 * const run = await dispatch({ agent: classify, inputs: models, aggregate: majorityVote('category') });
 * `${run.value.winner} (${run.value.votes[0].count}/${run.value.total} votes)`
 */
export function majorityVote<I = unknown, O = any, T = unknown>(key: ValueKey<O, T>): Aggregator<I, O, VoteOutcome<T>> {
  return {
    finish(results) {
      const tally = new Map<string, { value: T; count: number; first: number }>();
      let total = 0;
      for (const result of results) {
        if (!result.ok) continue;
        const value = readKey(result.value as O, key);
        const id = canonicalJson(value);
        const entry = tally.get(id);
        if (entry) entry.count++;
        else tally.set(id, { value, count: 1, first: result.index });
        total++;
      }
      const votes = [...tally.values()].sort((a, b) => b.count - a.count || a.first - b.first);
      const top = votes[0];
      return {
        winner: top?.value,
        votes: votes.map(({ value, count }) => ({ value, count })),
        total,
        agreement: top ? top.count / total : 0,
      };
    },
  };
}
