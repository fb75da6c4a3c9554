import type { Redis } from 'ioredis';

// A payment record outlives any reasonable run, then goes by itself (as a stop does).
const PAYMENT_TTL_MS = 24 * 3_600_000;

/**
 * What each job of a distributed run cost, written just before its result is
 * cached. When a job is retried (its worker died, or Redis failed under it
 * after the result was stored), the retry finds the result in the cache; the
 * payment record tells it that this very run paid for it, so the run's
 * `stats.costUsd` keeps that cost and agrees with the ledger.
 */
export class RunPayments {
  constructor(
    private readonly redis: Redis,
    private readonly base: string,
  ) {}

  /** Record that job `jobId` of `runId` cost `costUsd`. */
  async record(runId: string, jobId: string, costUsd: number): Promise<void> {
    const key = this.key(runId);
    await this.redis.multi().hset(key, jobId, String(costUsd)).pexpire(key, PAYMENT_TTL_MS).exec();
  }

  /** What job `jobId` of `runId` cost, or `undefined` when this run did not pay for it. */
  async get(runId: string, jobId: string): Promise<number | undefined> {
    const text = await this.redis.hget(this.key(runId), jobId);
    return text === null ? undefined : Number(text);
  }

  private key(runId: string): string {
    return `${this.base}:paid:${runId}`;
  }
}
