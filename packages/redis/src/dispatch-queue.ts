import { randomUUID } from 'node:crypto';
import {
  cacheKey,
  collectAll,
  percentiles,
  resolveLimits,
  systemClock,
  type AgentResult,
  type Aggregator,
  type DispatchEvent,
  type DispatchRun,
  type DispatchStats,
  type StopReason,
} from '@flotilla/core';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { stopErrorCode, type AgentRef, type DispatchJobData, type DispatchJobResult, type JobLimits, type RunStop } from './dispatch-job.js';
import { redisFailure } from './errors.js';
import { JobEvents, type JobOutcome } from './job-events.js';
import { queueBase, QUEUE_DEFAULTS } from './queue-keys.js';
import { RunStops } from './run-stops.js';

/** Options of {@link createDispatchQueue}. */
export interface DispatchQueueOptions {
  /** Where Redis is, e.g. `{ host: '127.0.0.1', port: 6379 }`. The queue opens its own connections. */
  connection: RedisOptions;
  /** The queue's name; workers created with the same name run its jobs. */
  name: string;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
  /**
   * How long Redis may stay unreachable before running dispatches fail with
   * a `RedisUnavailableError`, in milliseconds (default 30 000). Shorter
   * outages are ridden out: connections come back and no result is lost.
   */
  unavailableAfterMs?: number;
}

/** Limits of a distributed run. */
export interface QueueLimits extends JobLimits {
  /** Failure fraction (0..1) that stops the run and aborts running agents on every worker. */
  maxFailureRate?: number;
  /** Finished items needed before `maxFailureRate` applies (default 5). */
  failureRateMinSamples?: number;
  /** Deadline of the whole run, in milliseconds; workers abort running agents at it. */
  maxTotalDurationMs?: number;
}

/** Options of {@link DispatchQueue.dispatch}: the `dispatch` options that make sense across machines. */
export interface QueueDispatchOptions<I, O = unknown, V = AgentResult<I, O>[]> {
  /**
   * The agent, by the name workers registered it under. An `AgentDefinition`
   * works too (its `run` is ignored here: the workers run their own copy).
   */
  agent: string | AgentRef;
  /** The inputs (JSON-compatible); async iterables are pulled as the queue drains. */
  inputs: Iterable<I> | AsyncIterable<I>;
  /** A prompt template with `{field}` placeholders, rendered on the workers. */
  template?: string;
  /** Limits of the run. */
  limits?: QueueLimits;
  /** Produces `run.value` (default: all results). */
  aggregate?: Aggregator<I, O, V>;
  /** Aborts the run: nothing new starts on any worker, running agents are aborted. */
  signal?: AbortSignal;
  /** Progress events (`result`, `stop`, `end`). */
  onEvent?: (event: DispatchEvent<I, O>) => void;
  /** Jobs kept queued or running at once by this producer (default 1000). */
  window?: number;
  /** Attempts of a job whose worker failed (crashed, or Redis failed under it); agent failures are results, not attempts (default 3). */
  attempts?: number;
}

/** The producer side of distributed execution. */
export interface DispatchQueue {
  /** Run a dispatch on the workers; resolves with every result in input order, like core's `dispatch`. */
  dispatch<I, O = unknown, V = AgentResult<I, O>[]>(options: QueueDispatchOptions<I, O, V>): Promise<DispatchRun<I, O, V>>;
  /** Run a dispatch on the workers and yield results as they complete, like core's `dispatchStream`. */
  dispatchStream<I, O = unknown>(options: QueueDispatchOptions<I, O, unknown>): AsyncIterable<AgentResult<I, O>>;
  /** The underlying BullMQ queue. */
  readonly queue: Queue;
  /** Close the queue's connections. */
  close(): Promise<void>;
}

/**
 * The producer of distributed execution on BullMQ: enqueues each input of a
 * run as one job and hands back the workers' results through the same API
 * as core's `dispatch` / `dispatchStream` and the same `AgentResult` objects.
 *
 * The job id is core's `cacheKey` of the work (agent name, version, model,
 * template, input), so identical work collapses into one job: duplicates in
 * a run, or two producers dispatching the same item at once, run it once
 * (the second sees it as `cached`). Finished jobs are removed at once; a
 * shared `redisCache` on the workers keeps the results.
 *
 * Stops reach every worker: an abort, the deadline, a failure rate over
 * `maxFailureRate`, a budget refusal on any worker, or `maxTotalAgents`
 * (counted in Redis across workers) are recorded in Redis (workers check
 * before each job) and published (workers abort running agents, except on a
 * budget or agent-count stop, which lets granted agents finish). Items
 * the stop kept from running get the stop's error code, as in core.
 *
 * When Redis fails under the producer, `dispatch` rejects with a
 * `RedisUnavailableError` naming what to do; finished results already sit in
 * the workers' cache, so dispatching again pays only for what did not finish.
 *
 * @example
 * const queue = createDispatchQueue({ connection: { host: '127.0.0.1', port: 6379 }, name: 'receipts' });
 * const run = await queue.dispatch({ agent: 'classify', inputs: receipts, limits: { maxTotalCostUsd: 20, costPerAgentUsd: 0.01 } });
 * await queue.close();
 */
export function createDispatchQueue(options: DispatchQueueOptions): DispatchQueue {
  const prefix = options.prefix ?? QUEUE_DEFAULTS.prefix;
  const connection = { ...options.connection, maxRetriesPerRequest: null } as ConnectionOptions;
  const queue: Queue = new Queue(options.name, { connection, prefix });
  queue.on('error', () => undefined);
  const redis = new Redis({ ...options.connection, maxRetriesPerRequest: null });
  const jobEvents = new JobEvents(options.name, prefix, connection, redis);
  const stops = new RunStops(redis, queueBase(prefix, options.name));
  const runs = new Set<{ fail(error: unknown): void }>();
  const unavailableAfterMs = options.unavailableAfterMs ?? QUEUE_DEFAULTS.unavailableAfterMs;
  // A watchdog on the producer's own connection: an outage longer than
  // unavailableAfterMs fails the running dispatches instead of hanging them.
  let outage: ReturnType<typeof setTimeout> | undefined;
  let lastError: unknown;
  const where = `createDispatchQueue "${options.name}"`;
  redis.on('error', (error: unknown) => (lastError = error));
  const watchOutage = () => {
    outage ??= setTimeout(() => {
      const error = redisFailure(where, lastError ?? new Error('connection closed'), `the dispatch stopped after ${unavailableAfterMs} ms without Redis; results already finished are in the workers’ cache, so dispatching again pays only for the rest`);
      for (const run of runs) run.fail(error);
    }, unavailableAfterMs);
  };
  redis.on('close', watchOutage);
  redis.on('ready', () => {
    clearTimeout(outage);
    outage = undefined;
  });

  const stream = <I, O>(runOptions: QueueDispatchOptions<I, O, unknown>, sink?: (outcome: RunEnd) => void): AsyncIterable<AgentResult<I, O>> => ({
    [Symbol.asyncIterator]: () => {
      // Bad limits fail here, with core's own messages, before any job is queued.
      resolveLimits(runOptions.limits);
      const run = new DistributedRun<I, O>(queue, jobEvents, stops, runOptions, sink);
      runs.add(run);
      if (redis.status !== 'ready') watchOutage();
      return run.results(() => runs.delete(run));
    },
  });

  return {
    queue,
    async dispatch<I, O = unknown, V = AgentResult<I, O>[]>(runOptions: QueueDispatchOptions<I, O, V>) {
      const results: AgentResult<I, O>[] = [];
      let end: RunEnd | undefined;
      for await (const result of stream<I, O>(runOptions as QueueDispatchOptions<I, O, unknown>, (outcome) => (end = outcome))) {
        results[result.index] = result;
      }
      const aggregate = runOptions.aggregate ?? (collectAll<I, O>() as unknown as Aggregator<I, O, V>);
      return { results, value: aggregate.finish(results), stats: end!.stats, stopReason: end!.stopReason, minSuccessMet: true };
    },
    dispatchStream: (runOptions) => stream(runOptions),
    async close() {
      clearTimeout(outage);
      redis.off('close', watchOutage);
      // A graceful close waits for Redis; without Redis, drop the connections instead of hanging.
      if (redis.status !== 'ready') redis.disconnect();
      const closing = Promise.allSettled([queue.close(), jobEvents.close(), redis.status === 'ready' ? redis.quit() : undefined]);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}

/** How a distributed run ended. */
interface RunEnd {
  stats: DispatchStats;
  stopReason: StopReason;
}

/** One unit of work in flight: a job and every input index waiting on it. */
interface Pending<I> {
  jobId: string;
  entries: { index: number; input: I }[];
  /** Stops listening for the job's end. */
  forget?: () => void;
}

/** One distributed run: feeds jobs in a window, gathers results, applies stops. */
class DistributedRun<I, O> {
  private readonly runId = randomUUID();
  private readonly agent: AgentRef;
  private readonly limits: QueueLimits;
  private readonly startedAt = Date.now();
  private readonly inFlight = new Map<string, Pending<I>>();
  private readonly ready: AgentResult<I, O>[] = [];
  private wake: (() => void) | undefined;
  private freed: (() => void) | undefined;
  private stop: RunStop | undefined;
  private failure: Error | undefined;
  private fed = false;
  private total = 0;
  private finished = 0;
  private failed = 0;
  private readonly durations: number[] = [];
  private stats = { succeeded: 0, failed: 0, cached: 0, skipped: 0, agentCalls: 0, costUsd: 0 };

  constructor(
    private readonly queue: Queue,
    private readonly jobEvents: JobEvents,
    private readonly stops: RunStops,
    private readonly options: QueueDispatchOptions<I, O, unknown>,
    private readonly onEnd: ((end: RunEnd) => void) | undefined,
  ) {
    this.agent = typeof options.agent === 'string' ? { name: options.agent } : { name: options.agent.name, version: options.agent.version, model: options.agent.model };
    this.limits = options.limits ?? {};
  }

  async *results(onDone: () => void): AsyncGenerator<AgentResult<I, O>> {
    const detach = this.watchStops();
    const feeding = this.feed().catch((error: unknown) => this.fail(error));
    try {
      for (;;) {
        while (this.ready.length > 0) yield this.ready.shift()!;
        if (this.failure) throw this.failure;
        if (this.fed && this.inFlight.size === 0) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      await feeding;
    } finally {
      detach();
      onDone();
      this.fed = true;
    }
    const end = { stats: this.snapshot(), stopReason: this.stop?.reason ?? 'completed' } as RunEnd;
    this.emit({ type: 'end', stats: end.stats, stopReason: end.stopReason });
    this.onEnd?.(end);
  }

  /** Enqueue inputs, keeping at most `window` jobs in flight. */
  private async feed(): Promise<void> {
    const window = this.options.window ?? QUEUE_DEFAULTS.window;
    // JSON has no Infinity: a deadline that never comes is no deadline.
    const deadlineAt = Number.isFinite(this.limits.maxTotalDurationMs) ? this.startedAt + this.limits.maxTotalDurationMs! : undefined;
    let index = 0;
    await this.jobEvents.start();
    for await (const input of this.options.inputs) {
      const at = index++;
      this.total++;
      if (this.stop) {
        this.settle({ index: at, input }, skipped(this.stop));
        continue;
      }
      const jobId = cacheKey({ agent: this.agent.name, version: this.agent.version, model: this.agent.model, template: this.options.template, input });
      const sharing = this.inFlight.get(jobId);
      if (sharing) {
        sharing.entries.push({ index: at, input });
        continue;
      }
      while (this.inFlight.size >= window && !this.stop && !this.failure) await new Promise<void>((resolve) => (this.freed = resolve));
      if (this.failure) return;
      const pending: Pending<I> = { jobId, entries: [{ index: at, input }] };
      this.inFlight.set(jobId, pending);
      const data: DispatchJobData = { runId: this.runId, agent: this.agent, input, template: this.options.template, limits: jobLimits(this.limits), deadlineAt };
      void this.run(pending, data);
    }
    this.fed = true;
    this.wake?.();
  }

  /** Add one job and deliver its result to every index waiting on it. */
  private async run(pending: Pending<I>, data: DispatchJobData): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await new Promise<JobOutcome>((resolve, reject) => {
        // Listen before adding: the job may finish before `add` returns.
        pending.forget = this.jobEvents.wait(pending.jobId, resolve);
        this.add(pending.jobId, data).catch((error: unknown) => {
          pending.forget?.();
          reject(error);
        });
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!this.inFlight.has(pending.jobId)) return; // a cancelling stop already answered these items
    this.inFlight.delete(pending.jobId);
    this.freed?.();
    const result = outcome.ok ? (outcome.value as DispatchJobResult).result : failedOnWorkers(outcome.reason);
    const shared = outcome.ok && (outcome.value as DispatchJobResult).runId !== this.runId;
    for (const [i, entry] of pending.entries.entries()) {
      // Like core's single flight: only the first item of the run that ran the job carries its cost.
      const follower = shared || i > 0;
      this.settle(entry, follower && result.ok ? { ...result, cached: true, costUsd: 0, durationMs: 0, attempts: 0 } : result);
    }
    this.countAgainstFailureRate(result);
  }

  private async add(jobId: string, data: DispatchJobData): Promise<void> {
    try {
      await this.queue.add(data.agent.name, data, {
        jobId,
        attempts: this.options.attempts ?? QUEUE_DEFAULTS.attempts,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: true,
        removeOnFail: true,
      });
    } catch (error) {
      throw redisFailure(`createDispatchQueue "${this.queue.name}"`, error, 'the run stopped; results already finished are in the workers’ cache, so dispatching again pays only for the rest');
    }
  }

  private settle(entry: { index: number; input: I }, result: Omit<AgentResult, 'index' | 'input'>): void {
    const full = { ...result, index: entry.index, input: entry.input } as AgentResult<I, O>;
    this.record(full);
    this.ready.push(full);
    this.emit({ type: 'result', result: full });
    // A worker refused this item for the whole run: nothing more of it starts.
    if (full.error?.code === 'budget_exhausted') void this.trip({ runId: this.runId, reason: 'budget', message: full.error.message });
    if (full.error?.code === 'max_agents') void this.trip({ runId: this.runId, reason: 'max_agents', message: full.error.message });
    this.wake?.();
  }

  private record(result: AgentResult<I, O>): void {
    this.finished++;
    if (result.ok) this.stats.succeeded++;
    else this.stats.failed++;
    if (result.cached) this.stats.cached++;
    if (!result.ok && result.attempts === 0) this.stats.skipped++;
    this.stats.agentCalls += result.attempts;
    this.stats.costUsd += result.costUsd;
    if (result.attempts > 0) this.durations.push(result.durationMs);
  }

  private countAgainstFailureRate(result: Omit<AgentResult, 'index' | 'input'>): void {
    const { maxFailureRate, failureRateMinSamples = 5 } = this.limits;
    if (maxFailureRate === undefined || result.attempts === 0) return;
    this.failed += result.ok ? 0 : 1;
    const executed = ++this.executed;
    if (executed < failureRateMinSamples || this.failed / executed <= maxFailureRate) return;
    void this.trip({
      runId: this.runId,
      reason: 'failure_rate',
      message: `${this.failed} of ${executed} agents failed (${Math.round((this.failed / executed) * 100)}% > maxFailureRate ${Math.round(maxFailureRate * 100)}%); fix the agent or raise maxFailureRate`,
    });
  }

  private executed = 0;

  /** Stop the run everywhere; the first stop wins. Cancelling stops answer every waiting item at once. */
  private async trip(stop: RunStop): Promise<void> {
    if (this.stop) return;
    this.stop = stop;
    this.emit({ type: 'stop', reason: stop.reason, message: stop.message });
    const announced = this.stops.trip(stop).catch(() => undefined);
    if (stop.reason !== 'budget' && stop.reason !== 'max_agents') {
      for (const pending of [...this.inFlight.values()]) {
        this.inFlight.delete(pending.jobId);
        pending.forget?.();
        for (const entry of pending.entries) this.settle(entry, skipped(stop));
        // A job no worker took yet goes; a running one is aborted by its worker.
        void this.queue.remove(pending.jobId).catch(() => undefined);
      }
    }
    this.freed?.();
    await announced;
    this.wake?.();
  }

  private watchStops(): () => void {
    const { signal } = this.options;
    const onAbort = () => void this.trip({ runId: this.runId, reason: 'aborted', message: 'the dispatch was aborted by its signal' });
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadlineMs = this.limits.maxTotalDurationMs;
    const timer =
      deadlineMs === undefined
        ? undefined
        : systemClock.setTimeout(() => void this.trip({ runId: this.runId, reason: 'deadline', message: `the run passed its maxTotalDurationMs of ${deadlineMs} ms; raise it or add workers` }), deadlineMs);
    return () => {
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) systemClock.clearTimeout(timer);
    };
  }

  /** End the run with `error` (Redis failed under the producer). */
  fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    this.freed?.();
    this.wake?.();
  }

  private snapshot(): DispatchStats {
    return {
      total: this.total,
      ...this.stats,
      savedUsd: 0,
      wallMs: Date.now() - this.startedAt,
      peakConcurrency: 0,
      leakedAgents: 0,
      sourceExhausted: true,
      latencyMs: percentiles(this.durations),
    };
  }

  private emit(event: DispatchEvent<I, O>): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A faulty progress handler must not break the run.
    }
  }
}

function skipped(stop: RunStop): Omit<AgentResult, 'index' | 'input'> {
  return { ok: false, error: { code: stopErrorCode(stop.reason), message: stop.message }, costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
}

function failedOnWorkers(reason: string): Omit<AgentResult, 'index' | 'input'> {
  return { ok: false, error: { code: 'agent_error', message: `the job failed on the workers: ${reason}` }, costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
}

function jobLimits(limits: QueueLimits): JobLimits {
  const { costPerAgentUsd, maxTotalCostUsd, agentTimeoutMs, maxTotalAgents } = limits;
  return { costPerAgentUsd, maxTotalCostUsd, agentTimeoutMs, maxTotalAgents };
}
