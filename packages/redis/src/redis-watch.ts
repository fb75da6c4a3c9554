import { systemClock, type Clock } from '@flotilla/core';
import type { Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.js';

/** Options of {@link RedisWatch}. */
export interface RedisWatchOptions {
  /** A connection of its own: probes must not queue behind other commands. */
  redis: Redis;
  /** How often to ask Redis who it is, in milliseconds. */
  probeMs: number;
  /** How long Redis may go without answering before `onUnavailable`, in milliseconds. */
  unavailableAfterMs: number;
  /** Names the watcher in messages, e.g. `createDispatchQueue "receipts"`. */
  what: string;
  /** Redis did not answer for `unavailableAfterMs` (down, unreachable, or paused); called once per outage. */
  onUnavailable(error: RedisUnavailableError): void;
  /** Redis answered as another server process (`run_id` changed: it restarted). Check what survived. */
  onRestart(): void;
  /** Time source (default: the system clock). */
  clock?: Clock;
}

/**
 * Watches one Redis server: every `probeMs` it reads `run_id` from
 * `INFO server` (a new value means the server restarted) and measures how
 * long Redis has gone without answering. A paused Redis (SIGSTOP) or a
 * partition keeps TCP connections open and lets commands wait forever, so
 * a missing answer, not a closed connection, is what counts. Probes do not
 * pile up: a new one goes out only when the last one answered.
 */
export class RedisWatch {
  private serverRunId: string | undefined;
  private lastAnswer: number;
  private probing = false;
  private reported = false;
  private lastError: unknown;
  private timer: unknown;
  /** When the next tick is due: a tick that runs later than this found the process itself stalled. */
  private dueAt: number | undefined;
  private stopped = true;
  private readonly clock: Clock;
  private firstAnswer: Promise<void> | undefined;
  private answered: (() => void) | undefined;
  private gaveUp: ((error: unknown) => void) | undefined;

  constructor(private readonly options: RedisWatchOptions) {
    this.clock = options.clock ?? systemClock;
    this.lastAnswer = this.clock.now();
    options.redis.on('error', (error: unknown) => (this.lastError = error));
    // Probe as soon as a connection is back: a restart is noticed at once.
    options.redis.on('ready', () => void this.probe());
  }

  /** Start watching; resolves at the first answer, rejects when Redis does not answer within `unavailableAfterMs`. */
  start(): Promise<void> {
    if (!this.stopped) return this.firstAnswer ?? Promise.resolve();
    this.stopped = false;
    this.lastAnswer = this.clock.now();
    this.dueAt = undefined;
    this.reported = false;
    this.firstAnswer = new Promise<void>((resolve, reject) => {
      this.answered = resolve;
      this.gaveUp = reject;
    });
    this.firstAnswer.catch(() => undefined);
    this.tick();
    return this.firstAnswer;
  }

  /** Stop watching (no timer is left behind). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    // A late tick means this process did not run (a busy event loop, a long GC, a
    // descheduled process): no answer could be read meanwhile, so that time is not
    // Redis's silence. Without this, a stall longer than unavailableAfterMs reads as
    // an outage of a Redis that answered all along, and aborts every running job.
    if (this.dueAt !== undefined && now > this.dueAt) this.lastAnswer = Math.min(now, this.lastAnswer + (now - this.dueAt));
    void this.probe();
    const silentMs = now - this.lastAnswer;
    if (silentMs > this.options.unavailableAfterMs && !this.reported) {
      this.reported = true;
      const reason = this.lastError instanceof Error ? this.lastError.message : 'no answer';
      const error = new RedisUnavailableError(
        `${this.options.what}: Redis did not answer for ${Math.round(silentMs)} ms (${reason}; unavailableAfterMs is ${this.options.unavailableAfterMs}). ` +
          'Check that Redis is running, not paused, and reachable (redis-cli ping), then retry; results already finished are in the workers’ cache',
        { cause: this.lastError },
      );
      this.gaveUp?.(error);
      this.options.onUnavailable(error);
    }
    this.dueAt = now + this.options.probeMs;
    this.timer = this.clock.setTimeout(() => this.tick(), this.options.probeMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async probe(): Promise<void> {
    if (this.probing || this.stopped) return;
    // ioredis 6 can drop, unsettled, a command sent while a connection is being
    // (re)established and cut before it is ready: such a probe would never end
    // and no other would start. The 'ready' listener probes once it is ready.
    const status = (this.options.redis as { status?: string }).status;
    if (status !== undefined && status !== 'ready' && status !== 'wait') return;
    this.probing = true;
    try {
      const info = await this.options.redis.info('server');
      this.lastAnswer = this.clock.now();
      this.reported = false;
      const runId = /run_id:(\w+)/.exec(info)?.[1];
      const before = this.serverRunId;
      this.serverRunId = runId;
      this.answered?.();
      if (before !== undefined && runId !== before) this.options.onRestart();
    } catch (error) {
      this.lastError = error;
    } finally {
      this.probing = false;
    }
  }
}
