import { FlotillaError, type Agent, type AgentResult } from '@flotilla/core';
import { stopErrorCode, type DispatchJobData, type RunStop } from './dispatch-job.js';

/** A worker's result of one job, without the producer-side fields. */
export type JobResult = Omit<AgentResult, 'index' | 'input'>;

/** The abort reason a stop gives running agents; carries the stop so the result gets its code. */
export class StopError extends FlotillaError {
  constructor(readonly stop: RunStop) {
    super(stopErrorCode(stop.reason), stop.message);
  }
}

/** The abort reason of a stop. */
export function stopError(stop: RunStop): FlotillaError {
  return new StopError(stop);
}

/** A result of no work: nothing ran, nothing was paid. */
export function emptyResult(): Omit<JobResult, 'ok'> {
  return { costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
}

/** The result of a job its run's stop skipped. */
export function skippedResult(stop: RunStop): JobResult {
  return { ...emptyResult(), ok: false, error: { code: stopErrorCode(stop.reason), message: stop.message } };
}

/** Why this worker cannot run the job's agent as the producer meant it, or `undefined` when it can. */
export function agentMismatch(agent: Agent<any, any> | undefined, data: DispatchJobData): string | undefined {
  const ref = data.agent;
  if (!agent) return `no agent named "${ref.name}" on this worker; register it in createWorker({ agents: { ${ref.name} } })`;
  const definition = typeof agent === 'function' ? { version: undefined, model: undefined } : agent;
  if ((definition.version ?? null) !== (ref.version ?? null) || (definition.model ?? null) !== (ref.model ?? null)) {
    return `the producer asked for agent "${ref.name}" version ${ref.version ?? '(none)'} model ${ref.model ?? '(none)'}, but this worker runs version ${definition.version ?? '(none)'} model ${definition.model ?? '(none)'}; deploy the same agent on producers and workers`;
  }
  return undefined;
}
