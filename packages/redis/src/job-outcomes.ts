import type { AgentResult } from '@flotilla/core';
import type { DispatchJobResult } from './dispatch-job.js';
import type { JobOutcome } from './job-events.js';

/** What one item of a distributed run gets: a result without the producer-side fields. */
export type Outcome = Omit<AgentResult, 'index' | 'input'>;

/**
 * How the jobs of one run become the outcomes of its items, so that each
 * payment counts once in `stats.costUsd`, as the ledger counts it:
 *
 * - a job another run created (identical work shared across runs) is that
 *   run's cost: here it is a cache hit at no cost;
 * - a job whose key this run already got a value for (the same input came
 *   again after its first job finished) is served from the cache entry that
 *   first job paid for: no cost again;
 * - items that share one job (duplicate inputs in flight together) are
 *   twins: only the first carries the cost, as in core's single flight.
 */
export class RunOutcomes {
  /** Job ids that already delivered a value to this run. */
  private readonly delivered = new Set<string>();

  constructor(private readonly runId: string) {}

  /** The outcome of the first item waiting on job `jobId`, from how the job ended. */
  lead(jobId: string, outcome: JobOutcome): Outcome {
    if (!outcome.ok) return failedOnWorkers(outcome.reason);
    const { runId, result } = outcome.value as DispatchJobResult;
    const repeat = result.cached && this.delivered.has(jobId);
    if (result.ok) this.delivered.add(jobId);
    return result.ok && (runId !== this.runId || repeat) ? free(result) : result;
  }

  /** The outcome of a further item sharing the job of `lead`: its value at no cost. */
  twin(lead: Outcome): Outcome {
    return lead.ok ? free(lead) : lead;
  }
}

function free(result: Outcome): Outcome {
  return { ...result, cached: true, costUsd: 0, durationMs: 0, attempts: 0 };
}

function failedOnWorkers(reason: string): Outcome {
  return { ok: false, error: { code: 'agent_error', message: `the job failed on the workers: ${reason}` }, costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
}
