import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator } from './aggregator.js';
import { readKey, type ValueKey } from './metric.js';

/** Options of {@link rankByMetric}. */
export interface RankOptions {
  /** `'desc'` (default) puts the highest metric first. */
  order?: 'asc' | 'desc';
}

/**
 * The successful results sorted by a numeric metric of their value,
 * highest first by default. Ties keep input order; results whose metric is
 * not a finite number are ranked last.
 *
 * @example
 * aggregate: rankByMetric('relevance')             // value.relevance, highest first
 * aggregate: rankByMetric((v) => v.latency, { order: 'asc' })
 */
export function rankByMetric<I = unknown, O = any>(
  key: ValueKey<O, number>,
  options: RankOptions = {},
): Aggregator<I, O, AgentResult<I, O>[]> {
  const sign = options.order === 'asc' ? 1 : -1;
  return {
    finish(results) {
      const scored = results
        .filter((result) => result.ok)
        .map((result) => ({ result, score: Number(readKey(result.value as O, key)) }));
      // Array.prototype.sort is stable, so equal metrics keep input order.
      return scored
        .sort((a, b) => {
          const aValid = Number.isFinite(a.score);
          const bValid = Number.isFinite(b.score);
          if (!aValid || !bValid) return Number(!aValid) - Number(!bValid);
          return sign * (a.score - b.score);
        })
        .map(({ result }) => result);
    },
  };
}
