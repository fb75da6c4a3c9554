import type { Redis } from 'ioredis';
import type { RunStop } from './dispatch-job.js';

// A stop outlives any reasonable run, then goes by itself.
const STOP_TTL_MS = 24 * 3_600_000;

/**
 * Where the stops of distributed runs live: a key per run (the first stop
 * wins, and a worker checks it before starting any job, so even a worker that
 * missed the message never starts work of a stopped run) and a pub/sub
 * channel that lets workers abort running agents at once.
 */
export class RunStops {
  /** The channel stops are published on. */
  readonly channel: string;

  constructor(
    private readonly redis: Redis,
    private readonly base: string,
  ) {
    this.channel = `${base}:stops`;
  }

  /** Record and announce a stop; the first stop of a run wins. Resolves to the stop in force. */
  async trip(stop: RunStop): Promise<RunStop> {
    const set = await this.redis.set(this.key(stop.runId), JSON.stringify(stop), 'PX', STOP_TTL_MS, 'NX');
    if (set !== 'OK') return (await this.get(stop.runId)) ?? stop;
    await this.redis.publish(this.channel, JSON.stringify(stop));
    return stop;
  }

  /** The stop of `runId`, if it was stopped. */
  async get(runId: string): Promise<RunStop | undefined> {
    const text = await this.redis.get(this.key(runId));
    return text === null ? undefined : (JSON.parse(text) as RunStop);
  }

  private key(runId: string): string {
    return `${this.base}:stop:${runId}`;
  }
}
