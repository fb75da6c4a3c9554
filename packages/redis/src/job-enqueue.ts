import type { Queue } from 'bullmq';
import type { DispatchJobData, JobLimits } from './dispatch-job.js';
import { redisFailure } from './errors.js';
import type { QueueLimits } from './queue-dispatch-options.js';
import { QUEUE_DEFAULTS } from './queue-keys.js';

/**
 * Add one job of a distributed run: its id is the work's cache key (so
 * identical work of any run is one job), retried `attempts` times when a
 * worker fails it (not when its agent fails: that is a result), and removed
 * once it ends. Redis failing the add rejects with `redis_unavailable`.
 */
export async function enqueueJob(queue: Queue, jobId: string, data: DispatchJobData, attempts: number = QUEUE_DEFAULTS.attempts): Promise<void> {
  try {
    await queue.add(data.agent.name, data, { jobId, attempts, backoff: { type: 'exponential', delay: 200 }, removeOnComplete: true, removeOnFail: true });
  } catch (error) {
    throw redisFailure(`createDispatchQueue "${queue.name}"`, error, 'the run stopped; results already finished are in the workers’ cache, so dispatching again pays only for the rest');
  }
}

/** The limits a run's jobs carry to the workers: the serializable subset the workers apply per job. */
export function jobLimits(limits: QueueLimits): JobLimits {
  const { costPerAgentUsd, maxTotalCostUsd, agentTimeoutMs, maxTotalAgents } = limits;
  return { costPerAgentUsd, maxTotalCostUsd, agentTimeoutMs, maxTotalAgents };
}
