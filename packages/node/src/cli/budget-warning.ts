import type { Agent } from '@flotilla/core';
import type { RunConfig } from './args.js';
import { formatUsd } from './format.js';

/**
 * The budget guarantee, with its condition, as `flotilla --help` states it.
 * (The built-in provider reserves its own worst case: prompt + --max-tokens.)
 */
export const BUDGET_GUARANTEE =
  'the cap holds when every agent spends within its reservation (costPerAgentUsd, the agent\'s estimateCostUsd, or the highest cost seen so far); ' +
  'an agent that reports more stops the run at once and the overshoot is reported';

/**
 * The warning for `--budget` over an agent module that cannot say what a
 * call costs before it starts: no `estimateCostUsd` and no `--cost-per-agent`.
 * Each agent then reserves only the highest cost seen so far (nothing before
 * the first one finishes), so agents started together can spend past the cap.
 * `undefined` when nothing is wrong.
 */
export function budgetWithoutEstimateWarning(config: RunConfig, agent: Agent): string | undefined {
  if (config.budgetUsd === undefined || config.provider !== undefined || config.costPerAgentUsd !== undefined) return undefined;
  if (typeof agent === 'object' && typeof agent.estimateCostUsd === 'function') return undefined;
  return (
    `--budget ${formatUsd(config.budgetUsd)} with an agent that has no estimateCostUsd and no --cost-per-agent: ` +
    'each agent reserves only the highest cost seen so far (nothing before the first finishes), so agents started together can overshoot the cap. ' +
    'Pass --cost-per-agent <usd> (the most one call can cost) or give the agent an estimateCostUsd(input, prompt) method'
  );
}
