import { bestResult, collectAll, majorityVote, rankByMetric, type AgentResult, type Aggregator } from '@flotilla/core';
import { publicResult } from './result-view.js';

/**
 * How a client asks for an aggregate: a small JSON description mapped onto
 * core's aggregators (a client never sends code). `key` names a top-level
 * field of each agent's value.
 *
 * @example
 * { "type": "majorityVote", "key": "label" }
 * { "type": "rankByMetric", "key": "score", "order": "desc" }
 */
export type AggregateSpec =
  | {
      /** The successful results, in input order. */
      type: 'collectAll';
    }
  | {
      /** The most common value of `key` among successful results, with the tally. */
      type: 'majorityVote';
      /** Top-level field of each agent's value that votes. */
      key: string;
    }
  | {
      /** Successful results sorted by the number in `key`. */
      type: 'rankByMetric';
      /** Top-level numeric field of each agent's value to sort by. */
      key: string;
      /** `'desc'` (default) puts the highest first; `'asc'` the lowest. */
      order?: 'asc' | 'desc' | undefined;
    }
  | {
      /** The one successful result with the highest number in `key`, or `null`. */
      type: 'bestResult';
      /** Top-level numeric field of each agent's value to compare. */
      key: string;
    };

/** The core aggregator for `spec`, plus how to turn its value into JSON for the client. */
export interface ResolvedAggregate {
  /** Passed to `dispatch` as `aggregate`. */
  aggregator: Aggregator;
  /** Turns the aggregator's value into what the API sends (results lose their `input`). */
  toJson(value: unknown): unknown;
}

/** Map a validated {@link AggregateSpec} onto a core aggregator. */
export function resolveAggregate(spec: AggregateSpec): ResolvedAggregate {
  switch (spec.type) {
    case 'collectAll':
      return { aggregator: collectAll(), toJson: resultsToJson };
    case 'majorityVote':
      return { aggregator: majorityVote(field(spec.key)) as Aggregator, toJson: (value) => value };
    case 'rankByMetric':
      return { aggregator: rankByMetric(field(spec.key), { order: spec.order ?? 'desc' }), toJson: resultsToJson };
    case 'bestResult':
      return {
        aggregator: bestResult(field(spec.key)),
        toJson: (value) => (value === undefined ? null : publicResult(value as AgentResult)),
      };
  }
}

/**
 * Read an own field of an object value; any other value has no such field.
 * (A bare key would throw on a `null` value and could reach the prototype.)
 */
function field(key: string) {
  return (value: unknown): any =>
    value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function resultsToJson(value: unknown): unknown {
  return (value as AgentResult[]).map(publicResult);
}
