import { carvedLedger } from '../budget/carved-ledger.js';
import type { Ledger } from '../budget/ledger.js';
import { memoryLedger } from '../budget/memory-ledger.js';
import type { Spend } from '../budget/spend.js';
import type { StopReason } from '../errors.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import { tokenBucket } from '../policies/token-bucket.js';
import type { Clock } from '../util/clock.js';
import type { AttemptObserver, DispatchInstrumentation } from './instrumentation.js';
import type { AgentResult, DispatchOptions, DispatchRun, DispatchStats, Limits } from '../types.js';

/** How a run ended, handed to `dispatch` and `dispatchStream`. */
export interface RunOutcome {
  /** Counters of the run. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
}

/** Where the scheduler delivers results, and how it learns the consumer is behind. */
export interface ResultSink<I, O> {
  push(result: AgentResult<I, O>): void;
  /** Resolves when the consumer can take more results (stream backpressure). */
  ready?(): Promise<void> | undefined;
  /** `true` once the consumer has gone and wants no further results. */
  closed?(): boolean;
}

/** The agent a nested run (`ctx.dispatch`) runs under. */
export interface ParentRun {
  depth: number;
  maxDepth: number | undefined;
  signal: AbortSignal;
  spend: Spend;
  /** The parent run's instrumentation and the attempt the child runs inside. */
  instrumentation?: DispatchInstrumentation;
  attempt?: AttemptObserver;
}

/** Runs a whole dispatch to completion; injected so `ctx.dispatch` needs no import cycle. */
export type RunDispatch = <I, O, V>(options: DispatchOptions<I, O, V>, parent?: ParentRun) => Promise<DispatchRun<I, O, V>>;

/** The run's ledger: the one given, a nested run's carve of its parent agent's budget, or a memory ledger for a cap. */
export function ledgerFor(given: Ledger | undefined, limits: Limits, parent: ParentRun | undefined): Ledger | undefined {
  if (given) return given;
  const cap = limits.maxTotalCostUsd;
  if (parent) return carvedLedger(parent.spend, cap);
  return cap === undefined ? undefined : memoryLedger({ capUsd: cap });
}

/** The token bucket of `limits.requestsPerSecond`, if set. */
export function bucketFromLimits(limits: Limits, clock: Clock): RateLimiter | undefined {
  const { requestsPerSecond, burst } = limits;
  return requestsPerSecond === undefined ? undefined : tokenBucket({ requestsPerSecond, burst, clock });
}

export function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
