import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator } from './aggregator.js';
import { rankByMetric } from './rank-by-metric.js';
import type { ValueKey } from './metric.js';

/**
 * The single successful result with the highest score, or `undefined` when
 * none succeeded. Ties go to the earliest input.
 *
 * @example
 * aggregate: bestResult('confidence')
 * aggregate: bestResult((v) => v.score * v.coverage)
 */
export function bestResult<I = unknown, O = any>(
  key: ValueKey<O, number>,
): Aggregator<I, O, AgentResult<I, O> | undefined> {
  const ranking = rankByMetric<I, O>(key);
  return { finish: (results) => ranking.finish(results)[0] };
}
