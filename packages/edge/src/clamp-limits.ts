import type { Limits } from '@flotilla/core';
import type { DispatchPolicy } from './policy.js';

/** The limits a client may send; the schema has already checked ranges and types. */
export type ClientLimits = Partial<Omit<Limits, 'maxDepth' | 'adaptiveConcurrency'>>;

/** One limit the server lowered (or, for `costPerAgentUsd`, raised) to fit its policy. */
export interface ClampNote {
  /** The limit's name, e.g. `'maxConcurrent'`. */
  limit: keyof Limits;
  /** What the client asked for. */
  requested: number;
  /** What the run uses. */
  applied: number;
}

/** The limits a run gets, and what was changed to get them. */
export interface ClampedLimits {
  /** The limits passed to `dispatch`. */
  limits: Partial<Limits>;
  /** Every limit that differs from the client's request. */
  clamped: ClampNote[];
}

const ceilings = ['maxConcurrent', 'maxTotalCostUsd', 'agentTimeoutMs', 'maxTotalDurationMs'] as const;

/**
 * Fit a client's limits inside the server's policy: concurrency, spend per
 * request and time can only go down, the per-agent reservation can only go up,
 * and limits that only make a run stop sooner (`maxTotalAgents`,
 * `maxFailureRate`, `minSuccessCount`, a slower `requestsPerSecond`, ...) pass
 * through. An absent client limit takes the policy's value.
 *
 * @example
 * clampLimits({ maxConcurrent: 500 }, { ...DEFAULT_POLICY, maxConcurrent: 8 });
 * // { limits: { maxConcurrent: 8, ... }, clamped: [{ limit: 'maxConcurrent', requested: 500, applied: 8 }] }
 */
export function clampLimits(requested: ClientLimits, policy: DispatchPolicy): ClampedLimits {
  const limits: Partial<Limits> = { ...requested };
  const clamped: ClampNote[] = [];
  const apply = (limit: keyof Limits, asked: number | undefined, applied: number | undefined) => {
    limits[limit] = applied as never;
    if (asked !== undefined && applied !== undefined && asked !== applied) clamped.push({ limit, requested: asked, applied });
  };
  for (const limit of ceilings) {
    const ceiling = policy[limit];
    const asked = requested[limit];
    apply(limit, asked, ceiling === undefined ? asked : Math.min(asked ?? ceiling, ceiling));
  }
  const floor = policy.costPerAgentUsd;
  const asked = requested.costPerAgentUsd;
  apply('costPerAgentUsd', asked, floor === undefined ? asked : Math.max(asked ?? floor, floor));
  return { limits, clamped };
}
