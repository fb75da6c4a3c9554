import type { AgentResult, Aggregator } from '../../src/index.js';

/** A finished result for aggregator tests: a value, or a failure when `value` is `undefined`. */
export function ballot<O>(index: number, value: O | undefined, extra: Partial<AgentResult<number, O>> = {}): AgentResult<number, O> {
  const base = { index, input: index, costUsd: 0, durationMs: 0, cached: false, attempts: 1, ...extra };
  return value === undefined
    ? { ...base, ok: false, error: { code: 'agent_error', message: 'failed' } }
    : { ...base, ok: true, value };
}

/**
 * Feed `results` to `aggregator.decide` in the given (arrival) order, as the
 * scheduler would for a run of `total` inputs (`'unknown'`: an async source not yet exhausted).
 * Returns how many results it took to decide, or `undefined` when it never did.
 */
export function decidedAt<O>(aggregator: Aggregator<number, O, unknown>, results: readonly AgentResult<number, O>[], total: number | 'unknown' = results.length): number | undefined {
  for (let i = 0; i < results.length; i++) {
    const settled = i + 1;
    if (aggregator.decide!(results[i]!, { settled, pending: total === 'unknown' ? undefined : total - settled })) return settled;
  }
  return undefined;
}
