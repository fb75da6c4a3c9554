import { DEFAULT_LIMITS } from '../defaults.js';
import { closestName, describeValue } from '../util/describe-value.js';
import { InvalidOptionsError, PreflightError } from '../errors.js';
import type { Limits } from './limits-shape.js';

/**
 * Merge `limits` over {@link DEFAULT_LIMITS} and reject values that make no sense.
 *
 * @example
 * ```ts
 * const limits = resolveLimits({ maxConcurrent: 4 });
 * limits.maxConcurrent;  // 4
 * limits.agentTimeoutMs; // 60_000, from DEFAULT_LIMITS
 * resolveLimits({ maxConcurrent: 0 }); // throws InvalidOptionsError, saying what to set
 * ```
 */
export function resolveLimits(limits: Partial<Limits> = {}): Limits {
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) {
    throw new InvalidOptionsError(`limits must be an object of limits, got ${describeValue(limits)}`);
  }
  const merged: Limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (!(key in DEFAULT_LIMITS)) {
      const hint = closestName(key, Object.keys(DEFAULT_LIMITS));
      throw new InvalidOptionsError(`unknown limit "${key}"${hint ? `; did you mean "${hint}"?` : ''} Known limits: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  integerAtLeast('maxConcurrent', merged.maxConcurrent, 1);
  integerAtLeast('maxTotalAgents', merged.maxTotalAgents, 0);
  integerAtLeast('failureRateMinSamples', merged.failureRateMinSamples, 1);
  integerAtLeast('minSuccessCount', merged.minSuccessCount, 0);
  integerAtLeast('burst', merged.burst, 1);
  integerAtLeast('maxDepth', merged.maxDepth, 0);
  if (merged.requestsPerSecond !== undefined && !(typeof merged.requestsPerSecond === 'number' && Number.isFinite(merged.requestsPerSecond) && merged.requestsPerSecond > 0)) {
    throw new InvalidOptionsError(`requestsPerSecond must be a finite number > 0, got ${describeValue(merged.requestsPerSecond)}`);
  }
  if (merged.burst !== undefined && merged.requestsPerSecond === undefined) {
    throw new InvalidOptionsError('burst needs requestsPerSecond; set both to rate-limit agent starts');
  }
  nonNegative('maxTotalCostUsd', merged.maxTotalCostUsd);
  nonNegative('costPerAgentUsd', merged.costPerAgentUsd);
  positive('maxTotalDurationMs', merged.maxTotalDurationMs);
  positive('agentTimeoutMs', merged.agentTimeoutMs);
  if (merged.timeoutGraceMs !== undefined && !(typeof merged.timeoutGraceMs === 'number' && merged.timeoutGraceMs >= 0)) {
    throw new InvalidOptionsError(`timeoutGraceMs must be a number of milliseconds >= 0, got ${describeValue(merged.timeoutGraceMs)}`);
  }
  const rate = merged.maxFailureRate;
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1)) {
    throw new InvalidOptionsError(`maxFailureRate must be a fraction between 0 and 1, got ${describeValue(rate)}`);
  }
  if (typeof merged.preflight !== 'boolean') throw new InvalidOptionsError(`preflight must be true or false, got ${describeValue(merged.preflight)}`);
  const adaptive = merged.adaptiveConcurrency;
  if (!(adaptive === undefined || typeof adaptive === 'boolean' || (typeof adaptive === 'object' && adaptive !== null))) {
    throw new InvalidOptionsError('adaptiveConcurrency must be true, false or an options object { initial?, min?, decrease?, latencyTolerance? }');
  }
  return merged;
}

/**
 * With `preflight: true`, refuse a run whose known input count cannot fit:
 * more inputs than `maxTotalAgents`, or `count x costPerAgentUsd` over the budget.
 */
export function checkPreflight(limits: Limits, count: number | undefined): void {
  if (!limits.preflight) return;
  if (count === undefined) {
    throw new PreflightError('preflight needs inputs whose count is known up front (an array, Set or Map)');
  }
  if (limits.maxTotalAgents !== undefined && count > limits.maxTotalAgents) {
    throw new PreflightError(
      `${count} inputs exceed maxTotalAgents ${limits.maxTotalAgents} by ${count - limits.maxTotalAgents}; raise maxTotalAgents or send fewer inputs`,
    );
  }
  const { maxTotalCostUsd: cap, costPerAgentUsd: each } = limits;
  if (cap !== undefined && each !== undefined && count * each > cap + 1e-12) {
    const need = count * each;
    throw new PreflightError(
      `${count} inputs x $${each} per agent = $${round(need)} exceeds the budget of $${cap} by $${round(need - cap)}; raise maxTotalCostUsd or lower costPerAgentUsd`,
    );
  }
}

const round = (usd: number) => Number(usd.toFixed(6));

function integerAtLeast(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
    throw new InvalidOptionsError(`${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
}

function nonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new InvalidOptionsError(`${name} must be a number of USD (finite, >= 0), got ${describeValue(value)}`);
  }
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0)) {
    throw new InvalidOptionsError(`${name} must be a number of milliseconds > 0, got ${describeValue(value)}`);
  }
}

/**
 * How long an agent that ignores its aborted signal keeps its concurrency
 * slot after a timeout or a cancelling stop: `limits.timeoutGraceMs`, else
 * `min(agentTimeoutMs, 5000)` ms.
 */
export function graceMsOf(limits: Limits): number {
  return limits.timeoutGraceMs ?? Math.min(limits.agentTimeoutMs ?? DEFAULT_GRACE_MS, DEFAULT_GRACE_MS);
}

const DEFAULT_GRACE_MS = 5_000;
