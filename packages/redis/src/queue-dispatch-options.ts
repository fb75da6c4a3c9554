import type { AgentResult, Aggregator, DispatchEvent, GuardOptions } from '@flotilla/core';
import type { AgentRef, JobLimits, JobRetry } from './dispatch-job.js';

/** Limits of a distributed run. */
export interface QueueLimits extends JobLimits {
  /** Failure fraction (0..1) that stops the run and aborts running agents on every worker. */
  maxFailureRate?: number;
  /** Finished items needed before `maxFailureRate` applies (default 5). */
  failureRateMinSamples?: number;
  /** Deadline of the whole run, in milliseconds; workers abort running agents at it. */
  maxTotalDurationMs?: number;
  /** Fewest successes for the run to count as met (reported in `run.minSuccessMet`). */
  minSuccessCount?: number;
}

/** Options of {@link DispatchQueue.dispatch}: the `dispatch` options that make sense across machines. */
export interface QueueDispatchOptions<I, O = unknown, V = AgentResult<I, O>[]> {
  /**
   * The agent, by the name workers registered it under. An `AgentDefinition`
   * works too (its `run` is ignored here: the workers run their own copy).
   */
  agent: string | AgentRef;
  /** The inputs (JSON-compatible); async iterables are pulled as the queue drains. */
  inputs: Iterable<I> | AsyncIterable<I>;
  /** A prompt template with `{field}` placeholders, rendered on the workers. */
  template?: string;
  /** Limits of the run. */
  limits?: QueueLimits;
  /**
   * Produces `run.value` (default: all results). Its `decide` runs on the
   * producer as results arrive: `true` stops the run with `decided` on every
   * worker, as in core. (`gate` is not supported across machines.)
   */
  aggregate?: Aggregator<I, O, V>;
  /** Retries of retryable agent failures inside each job, carried to the workers (their own `retryOn` and `random` apply). */
  retry?: JobRetry;
  /** Prompt-injection and PII guards (JSON-compatible), carried to the workers; they override the workers' own. */
  guards?: GuardOptions;
  /** Aborts the run: nothing new starts on any worker, running agents are aborted. */
  signal?: AbortSignal;
  /** Progress events (`result`, `stop`, `end`). */
  onEvent?: (event: DispatchEvent<I, O>) => void;
  /** Jobs kept queued or running at once by this producer (default 1000). */
  window?: number;
  /** Attempts of a job whose worker failed (crashed, or Redis failed under it); agent failures are results, not attempts (default 3). */
  attempts?: number;
}

