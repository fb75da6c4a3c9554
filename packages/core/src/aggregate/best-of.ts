import { InvalidOptionsError } from '../errors.js';
import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator } from './aggregator.js';
import { readKey, type ValueKey } from './metric.js';
import { rankByMetric } from './rank-by-metric.js';

/** Options of {@link bestOf}. */
export interface BestOfOptions {
  /**
   * Good enough: the run stops with `decided` as soon as a successful result
   * scores at or above this (in the score's own unit). Running agents are
   * aborted and unstarted items skipped with the code `decided`.
   */
  threshold: number;
}

/**
 * The best-scoring successful result, stopping the run once one is good
 * enough. The value is the highest-scoring successful result among those
 * that ran (ties go to the earliest input), which is at or above `threshold`
 * when the run was decided; `undefined` when none succeeded. Scores that are
 * not finite numbers never stop the run and rank last.
 *
 * Unlike {@link majorityVote}'s early stop, this does not promise the result
 * the full run would have picked: it trades the chance of a better answer
 * for the cost of the remaining agents. Order the inputs so the likeliest
 * good answers come first (e.g. cheapest adequate model first).
 *
 * @example
 * // Draft with up to five prompts; stop at the first draft the grader rates 0.8 or more.
 * const run = await dispatch({ agent: draftAndGrade, inputs: prompts, aggregate: bestOf('grade', { threshold: 0.8 }) });
 * run.value?.value.text;
 *
 * @example
 * aggregate: bestOf((v) => v.passed / v.total, { threshold: 1 })
 */
export function bestOf<I = unknown, O = any>(key: ValueKey<O, number>, options: BestOfOptions): Aggregator<I, O, AgentResult<I, O> | undefined> {
  const threshold = options?.threshold;
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new InvalidOptionsError(`bestOf: threshold ${String(threshold)} is not a number; pass the score that is good enough, e.g. { threshold: 0.8 }`);
  }
  const ranking = rankByMetric<I, O>(key);
  return {
    decide(result, { pending }) {
      if (!result.ok || pending === 0) return false;
      const score = Number(readKey(result.value as O, key));
      return Number.isFinite(score) && score >= threshold;
    },
    finish: (results) => ranking.finish(results)[0],
  };
}
