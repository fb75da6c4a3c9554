import { type AgentResult, type ErrorCode, type GuardOptions, type RetryOptions, type StopReason } from '@flotilla/core';
import { stopCancelsRunning, stopCode } from '@flotilla/core/internal';

/** Which agent a distributed dispatch runs: the name a worker registered it under, plus what goes into the cache key. */
export interface AgentRef {
  /** The agent's name; workers look it up in their `agents` map. */
  name: string;
  /** Must match the version the workers run (it is part of the cache key). */
  version?: string;
  /** Must match the model the workers' agent calls (it is part of the cache key). */
  model?: string;
}

/** The limits a distributed run carries to its workers (the serializable subset of core's limits). */
export interface JobLimits {
  /** USD reserved per agent before it starts. */
  costPerAgentUsd?: number;
  /** Spend cap of this run, in USD, shared by every worker (used when the workers have no `ledger` of their own). */
  maxTotalCostUsd?: number;
  /** Per-agent time limit, in milliseconds. */
  agentTimeoutMs?: number;
  /** Agent executions the run may start, counted across every worker (cache hits do not count). */
  maxTotalAgents?: number;
}

/** The serializable part of core's `RetryOptions` a run carries to its workers (`retryOn` and `random` stay with each worker). */
export type JobRetry = Pick<RetryOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>;

/** What one BullMQ job carries: one unit of work of one run. */
export interface DispatchJobData {
  runId: string;
  agent: AgentRef;
  input: unknown;
  template?: string;
  limits: JobLimits;
  /** Epoch milliseconds after which the work must not start. */
  deadlineAt?: number;
  /** The producer's retry policy; overrides the worker's `attempts` and delays. */
  retry?: JobRetry;
  /** The producer's guards (JSON-compatible); override the worker's. */
  guards?: GuardOptions;
}

/** What a worker returns for a job: the result without the producer-side fields. */
export interface DispatchJobResult {
  /** The run that created the job (another run that shared it sees its result as cached). */
  runId: string;
  result: Omit<AgentResult, 'index' | 'input'>;
}

/** A stop of a distributed run, as stored in Redis and published to the workers. */
export interface RunStop {
  runId: string;
  reason: Exclude<StopReason, 'completed'>;
  message: string;
}

/** The error code of an item a stop skipped or cut: core's own mapping. */
export const stopErrorCode: (reason: RunStop['reason']) => ErrorCode = stopCode;

/** Whether a stop for `reason` also aborts agents already running: core's own rule. */
export { stopCancelsRunning };
