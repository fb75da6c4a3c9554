import type { StopReason } from '../errors/codes.js';
import type { AgentResult } from './agent-result.js';
import type { DispatchStats } from './dispatch-stats.js';

/** Progress events of a run, for progress bars and logs. */
export type DispatchEvent<I = unknown, O = unknown> =
  | StartEvent
  | ResultEvent<I, O>
  | StopEvent
  | WarningEvent
  | EndEvent;

/** An agent started (once per attempt). */
export interface StartEvent {
  /** Discriminant. */
  type: 'start';
  /** The input's position. */
  index: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
}

/** An input got its result. */
export interface ResultEvent<I = unknown, O = unknown> {
  /** Discriminant. */
  type: 'result';
  /** The result, as it also appears in `run.results`. */
  result: AgentResult<I, O>;
}

/** The run stopped early; no new agent starts. */
export interface StopEvent {
  /** Discriminant. */
  type: 'stop';
  /** Why it stopped. */
  reason: Exclude<StopReason, 'completed'>;
  /** What happened and what to do about it. */
  message: string;
}

/** Something went wrong that the run worked around (e.g. a cache that failed). */
export interface WarningEvent {
  /** Discriminant. */
  type: 'warning';
  /**
   * Stable code: `cache_error`, `ledger_error`, `aggregator_error`,
   * `budget_unreserved` (a cap without any reservation per agent),
   * `budget_overshoot` (an agent spent past its reservation and the cap),
   * `agent_ignores_signal` (a slot released by the grace period),
   * `uncacheable_input` (an input the cache key cannot represent ran uncached),
   * `late_cost_report` (a cost reported after the agent settled).
   */
  code: string;
  /** What happened. */
  message: string;
}

/** The run ended; every input has its result. */
export interface EndEvent {
  /** Discriminant. */
  type: 'end';
  /** Final counters. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
}
