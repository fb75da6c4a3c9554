import { QueueEvents, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** How a job ended: its return value, or why BullMQ failed it for good. */
export type JobOutcome = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Where a producer hears that its jobs finished: one reader of the queue's
 * event stream, shared by every run of the producer.
 *
 * The reader starts at the stream's newest entry as it stood before the first
 * job was added, so no completion can slip past it. BullMQ's own
 * `job.waitUntilFinished` starts reading at `$`: a job that finishes before
 * that first read is missed, and with `removeOnComplete` it can't be looked
 * up afterwards either, so the wait hangs forever.
 */
export class JobEvents {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private events: Promise<QueueEvents> | undefined;

  constructor(
    private readonly name: string,
    private readonly prefix: string,
    private readonly connection: ConnectionOptions,
    private readonly redis: Redis,
  ) {}

  /** Start reading (once); resolves when every event from now on will be heard. */
  start(): Promise<QueueEvents> {
    // A failed start is not kept: the next run tries again.
    this.events ??= this.open().catch((error: unknown) => {
      this.events = undefined;
      throw error;
    });
    return this.events;
  }

  /**
   * Call `onEnd` once when job `jobId` completes or fails for good, and
   * `onActive` each time a worker takes it. Register before adding the job.
   * Returns a function that stops waiting.
   */
  wait(jobId: string, onEnd: (outcome: JobOutcome) => void, onActive?: () => void): () => void {
    const waiters = this.waiters.get(jobId) ?? new Set();
    this.waiters.set(jobId, waiters);
    const waiter: Waiter = { onEnd, onActive };
    waiters.add(waiter);
    return () => {
      waiters.delete(waiter);
      if (waiters.size === 0 && this.waiters.get(jobId) === waiters) this.waiters.delete(jobId);
    };
  }

  /** Stop reading and close the connection. */
  async close(): Promise<void> {
    if (!this.events) return;
    await (await this.events).close();
  }

  private async open(): Promise<QueueEvents> {
    const [newest] = await this.redis.xrevrange(`${this.prefix}:${this.name}:events`, '+', '-', 'COUNT', 1);
    const events = new QueueEvents(this.name, { connection: this.connection, prefix: this.prefix, lastEventId: newest?.[0] ?? '0-0' });
    events.on('error', () => undefined);
    events.on('active', ({ jobId }) => {
      for (const waiter of this.waiters.get(jobId) ?? []) waiter.onActive?.();
    });
    events.on('completed', ({ jobId, returnvalue }) => this.end(jobId, { ok: true, value: returnvalue }));
    // BullMQ emits `failed` only when a job has no attempts left (retries go back to wait).
    events.on('failed', ({ jobId, failedReason }) => this.end(jobId, { ok: false, reason: failedReason }));
    await events.waitUntilReady();
    return events;
  }

  private end(jobId: string, outcome: JobOutcome): void {
    const waiters = this.waiters.get(jobId);
    if (!waiters) return;
    this.waiters.delete(jobId);
    for (const waiter of waiters) waiter.onEnd(outcome);
  }
}

/** One listener of a job. */
interface Waiter {
  onEnd: (outcome: JobOutcome) => void;
  onActive: (() => void) | undefined;
}
