import type { Redis } from 'ioredis';
import type { RunStop } from './dispatch-job.js';

// A count outlives any reasonable run, then goes by itself (as a stop does).
const COUNT_TTL_MS = 24 * 3_600_000;

/**
 * The agent executions of each distributed run, counted in Redis so that
 * `maxTotalAgents` holds across every worker, as it does in one process.
 */
export class RunAgentCounts {
  constructor(
    private readonly redis: Redis,
    private readonly base: string,
  ) {}

  /**
   * Count one execution of `runId` against `max`. Returns the `max_agents`
   * stop when the run has already started `max` agents (this one must not
   * start), or `undefined` when it may start or the run has no limit.
   */
  async admit(runId: string, max: number | undefined): Promise<RunStop | undefined> {
    if (max === undefined) return undefined;
    const key = `${this.base}:agents:${runId}`;
    const [[, started]] = (await this.redis.multi().incr(key).pexpire(key, COUNT_TTL_MS).exec()) as [[null, number], [null, number]];
    if (started <= max) return undefined;
    return { runId, reason: 'max_agents', message: `maxTotalAgents ${max} reached; raise it to process the remaining inputs` };
  }
}
