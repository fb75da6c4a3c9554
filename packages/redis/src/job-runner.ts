import { dispatch, systemClock } from '@flotilla/core';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { stopErrorCode, type DispatchJobData, type DispatchJobResult, type RunStop } from './dispatch-job.js';
import { RedisStateLostError, RedisUnavailableError } from './errors.js';
import { costForRun, JobCache } from './job-cache.js';
import { agentMismatch, emptyResult, skippedResult, StopError, stopError } from './job-results.js';
import type { RedisCache } from './redis-cache.js';
import { redisLedger } from './redis-ledger.js';
import type { RunAgentCounts } from './run-agent-counts.js';
import type { RunRecords } from './run-records.js';
import type { RunStops } from './run-stops.js';
import type { DispatchWorkerOptions } from './worker-options.js';

/** What a worker's job runner shares with the rest of the worker. */
export interface JobRunnerParts {
  options: DispatchWorkerOptions;
  /** The worker's command connection (per-run ledgers use it). */
  redis: Redis;
  /** Where the worker's Flotilla keys live (`queueBase`). */
  base: string;
  lockDurationMs: number;
  leadLockMs: number;
  stops: RunStops;
  records: RunRecords;
  agentCounts: RunAgentCounts;
  /** Controllers of the running jobs, by run: the worker aborts them on a stop or when Redis fails. */
  running: Map<string, Set<AbortController>>;
}

/**
 * How a worker runs one job: check the run's stop, record and deadline,
 * take the item's cross-process `lead`, then run the input through core's
 * `dispatch` with the worker's shared policies. An entry already in the
 * cache is served without running anything; it keeps its cost when this
 * very run paid for it (a worker of this run stored it and its own result
 * never arrived), so `stats.costUsd` agrees with the ledger.
 */
export function jobRunner(parts: JobRunnerParts): (job: Pick<Job<DispatchJobData, DispatchJobResult>, 'id' | 'data'>) => Promise<DispatchJobResult> {
  const { options, stops, records, running } = parts;
  return async (job) => {
    const data = job.data;
    const skip = (stop: RunStop) => ({ runId: data.runId, result: skippedResult(stop) });
    const [stopped, open] = await Promise.all([stops.get(data.runId), records.exists(data.runId)]);
    if (stopped) return skip(stopped);
    // No record: the run ended, or Redis lost it (restarted empty). Nobody waits for this result.
    if (!open) {
      return { runId: data.runId, result: { ...emptyResult(), ok: false, error: { code: 'aborted', message: 'the run this job belongs to is gone (it ended, or Redis lost it); nothing ran' } } };
    }
    if (data.deadlineAt !== undefined && Date.now() >= data.deadlineAt) {
      return skip({ runId: data.runId, reason: 'deadline', message: 'the run passed its maxTotalDurationMs deadline before this item started' });
    }
    const agent = options.agents[data.agent.name];
    const mismatch = agentMismatch(agent, data);
    if (mismatch) return { runId: data.runId, result: { ...emptyResult(), ok: false, error: { code: 'invalid_input', message: mismatch } } };

    const controller = new AbortController();
    let runStop: RunStop | undefined;
    controller.signal.addEventListener('abort', () => {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof StopError) runStop = reason.stop;
    });
    const jobs = running.get(data.runId) ?? new Set<AbortController>();
    running.set(data.runId, jobs);
    jobs.add(controller);
    const deadline =
      data.deadlineAt === undefined
        ? undefined
        : systemClock.setTimeout(
            () => controller.abort(stopError({ runId: data.runId, reason: 'deadline', message: 'the run passed its maxTotalDurationMs deadline' })),
            data.deadlineAt - Date.now(),
          );
    const shared = options.cache as RedisCache | undefined;
    // Entries this job stores name its run, in the same write as the value and its cost.
    const cache = shared ? new JobCache(shared, data.runId) : undefined;
    const lead = typeof shared?.lead === 'function' ? await shared.lead(String(job.id), { signal: controller.signal, lockMs: parts.leadLockMs }).catch(() => undefined) : undefined;
    const perRunLedger =
      options.ledger === undefined && data.limits.maxTotalCostUsd !== undefined
        ? redisLedger({ redis: parts.redis, key: `${parts.base}:budget:${data.runId}`, capUsd: data.limits.maxTotalCostUsd, leaseMs: parts.lockDurationMs })
        : undefined;
    try {
      if (lead?.kind === 'hit') {
        // Stored by a worker of this very run whose result never arrived (it died, was cut off, or Redis failed under it): the cost is this run's.
        return { runId: data.runId, result: { ...emptyResult(), ok: true, value: lead.entry.value, cached: true, costUsd: costForRun(lead.entry, data.runId) } };
      }
      const overLimit = await parts.agentCounts.admit(data.runId, data.limits.maxTotalAgents);
      if (overLimit) {
        await stops.trip(overLimit);
        return skip(overLimit);
      }
      const run = await dispatch({
        agent: agent!,
        inputs: [data.input],
        template: data.template,
        // This job already holds the cross-process lead; core must not ask for it again.
        cache: cache ?? false,
        ledger: options.ledger ?? perRunLedger,
        rateLimiter: options.limiter,
        circuit: options.circuit,
        retry: data.retry ? { ...options.retry, ...data.retry } : options.retry,
        guards: data.guards ?? options.guards,
        limits: { maxConcurrent: 1, costPerAgentUsd: data.limits.costPerAgentUsd, agentTimeoutMs: data.limits.agentTimeoutMs },
        signal: controller.signal,
      });
      const result = run.results[0]!;
      const lost: unknown = controller.signal.reason;
      if (!result.ok && (RedisUnavailableError.isInstance(lost) || RedisStateLostError.isInstance(lost))) throw lost;
      if (run.stopReason === 'budget') await stops.trip({ runId: data.runId, reason: 'budget', message: result.error?.message ?? 'budget exhausted' });
      const { index: _index, input: _input, ...rest } = result;
      // The entry appeared after the lead (its writer's lock lapsed): core served it at no cost, but this run may have paid for it.
      if (rest.ok && rest.cached && cache) rest.costUsd = cache.hitCost();
      // core reports an abort through the signal as `aborted`; give the item the run's own stop code.
      if (runStop && !rest.ok) rest.error = { code: stopErrorCode(runStop.reason), message: runStop.message };
      return { runId: data.runId, result: rest };
    } finally {
      if (deadline !== undefined) systemClock.clearTimeout(deadline);
      jobs.delete(controller);
      if (jobs.size === 0) running.delete(data.runId);
      perRunLedger?.close();
      // Core stores the value in the background: the lead goes only once it is stored.
      await Promise.all(cache?.writes ?? []);
      if (lead?.kind === 'lead') await lead.release();
    }
  };
}
