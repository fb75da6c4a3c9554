import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator } from './aggregator.js';

/**
 * Collect the successful results, in input order. The default aggregator.
 *
 * @example
 * const run = await dispatch({ agent, inputs, aggregate: collectAll() });
 * run.value.map((result) => result.value);
 */
export function collectAll<I = unknown, O = unknown>(): Aggregator<I, O, AgentResult<I, O>[]> {
  return { finish: (results) => results.filter((result) => result.ok) };
}
