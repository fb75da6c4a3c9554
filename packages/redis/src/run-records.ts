import type { Redis } from 'ioredis';

// A record outlives any reasonable run, then goes by itself (as a stop does).
const RECORD_TTL_MS = 24 * 3_600_000;

/**
 * The record each distributed run writes before its first job: its epoch.
 * A Redis that restarted without it lost the run (its jobs, stops, counts
 * and budget with it), so producers and workers fail the run instead of
 * waiting for results that will never come.
 */
export class RunRecords {
  constructor(
    private readonly redis: Redis,
    private readonly base: string,
  ) {}

  /** Write the record of `runId` (before any of its jobs exists). */
  async open(runId: string): Promise<void> {
    await this.redis.set(this.key(runId), JSON.stringify({ openedAt: Date.now() }), 'PX', RECORD_TTL_MS);
  }

  /** Whether the record of `runId` is still there. */
  async exists(runId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(runId))) === 1;
  }

  /** Remove the record of a finished run: jobs of it still queued are skipped. */
  async close(runId: string): Promise<void> {
    await this.redis.del(this.key(runId));
  }

  private key(runId: string): string {
    return `${this.base}:run:${runId}`;
  }
}
