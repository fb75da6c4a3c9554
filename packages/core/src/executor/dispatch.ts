import { buildDispatchRun } from './dispatch-run.js';
import { Scheduler, type ParentRun } from './scheduler.js';
import type { AgentResult, DispatchOptions, DispatchRun } from '../types.js';

/**
 * Run `options.agent` over every input with bounded concurrency and the given
 * limits. Resolves once every input has its result; results are in input
 * order whatever stopped the run.
 *
 * @example
 * const run = await dispatch({
 *   agent: async (receipt, ctx) => classify(ctx.prompt, { signal: ctx.signal }),
 *   inputs: receipts,
 *   template: 'Classify this receipt: {text}',
 *   limits: { maxConcurrent: 10, maxTotalCostUsd: 5, costPerAgentUsd: 0.01 },
 * });
 * console.log(run.stopReason, run.stats.costUsd, run.results[0]);
 */
export function dispatch<I, O, V = AgentResult<I, O>[]>(options: DispatchOptions<I, O, V>): Promise<DispatchRun<I, O, V>> {
  return runDispatch(options);
}

/** Run a dispatch to completion, top-level or nested under a parent agent. */
export async function runDispatch<I, O, V>(options: DispatchOptions<I, O, V>, parent?: ParentRun): Promise<DispatchRun<I, O, V>> {
  const results: AgentResult<I, O>[] = [];
  const sink = { push: (result: AgentResult<I, O>) => void (results[result.index] = result) };
  const scheduler = new Scheduler<I, O>(options as DispatchOptions<I, O, unknown>, sink, runDispatch, parent);
  const { stats, stopReason } = await scheduler.run();
  return buildDispatchRun({
    results,
    stats,
    stopReason,
    aggregate: options.aggregate,
    minSuccessCount: options.limits?.minSuccessCount,
    signal: scheduler.signal,
  });
}
