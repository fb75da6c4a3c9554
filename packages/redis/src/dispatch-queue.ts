import { systemClock, type AgentResult, type Clock, type DispatchRun } from '@flotilla/core';
import { buildDispatchRun, resolveLimits } from '@flotilla/core/internal';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { DistributedRun } from './distributed-run.js';
import type { RunEnd } from './run-plumbing.js';
import { requireDurable, type Durability } from './durability.js';
import { RedisStateLostError } from './errors.js';
import { JobEvents } from './job-events.js';
import { queueBase, QUEUE_DEFAULTS } from './queue-keys.js';
import { RedisWatch } from './redis-watch.js';
import { RunRecords } from './run-records.js';
import { RunStops } from './run-stops.js';
import type { QueueDispatchOptions, QueueLimits } from './queue-dispatch-options.js';

export type { QueueDispatchOptions, QueueLimits };

/** Options of {@link createDispatchQueue}. */
export interface DispatchQueueOptions {
  /** Where Redis is, e.g. `{ host: '127.0.0.1', port: 6379 }`. The queue opens its own connections. */
  connection: RedisOptions;
  /** The queue's name; workers created with the same name run its jobs. */
  name: string;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
  /**
   * How long Redis may go without answering (down, unreachable or paused)
   * before running dispatches fail with a `RedisUnavailableError`, in
   * milliseconds (default 30 000). Shorter outages are ridden out:
   * connections come back and no result is lost.
   */
  unavailableAfterMs?: number;
  /**
   * How often the producer asks Redis who it is (`INFO server`), in
   * milliseconds (default 1 000). A restart that lost a run's record fails
   * that run with `redis_state_lost` within about `stateCheckMs` + 0.5 s of
   * Redis answering again; the answer also times `unavailableAfterMs`.
   */
  stateCheckMs?: number;
  /**
   * What a budgeted run (one with `maxTotalCostUsd` or `costPerAgentUsd`)
   * asks of Redis's persistence before it starts (default `'check'`: refuse
   * a Redis without AOF with a `RedisNotDurableError`). See {@link Durability}.
   */
  durability?: Durability;
  /** Time source of deadlines, stats and the watchdog (default: the system clock). */
  clock?: Clock;
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
 * Redis faults end a run within a bound instead of hanging it: when Redis
 * does not answer for `unavailableAfterMs` (down, paused, partitioned),
 * `dispatch` rejects with a `RedisUnavailableError`; finished results already
 * sit in the workers' cache, so dispatching again pays only for what did not
 * finish. Each run writes a record (its epoch) before its first job and the
 * producer reads Redis's `run_id` every `stateCheckMs`: after a restart that
 * kept the record (AOF) the run goes on; after one that lost it, `dispatch`
 * rejects with a `RedisStateLostError` within about `stateCheckMs` + 0.5 s of
 * Redis answering again. A budgeted run refuses to start on a Redis without
 * AOF (a `RedisNotDurableError`) unless `durability: 'volatile'` says the
 * risk is accepted.
 *
 * @example
 * const queue = createDispatchQueue({ connection: { host: '127.0.0.1', port: 6379 }, name: 'receipts' });
 * const run = await queue.dispatch({ agent: 'classify', inputs: receipts, limits: { maxTotalCostUsd: 20, costPerAgentUsd: 0.01 } });
 * await queue.close();
 */
export function createDispatchQueue(options: DispatchQueueOptions): DispatchQueue {
  const prefix = options.prefix ?? QUEUE_DEFAULTS.prefix;
  const clock = options.clock ?? systemClock;
  const where = `createDispatchQueue "${options.name}"`;
  const connection = { ...options.connection, maxRetriesPerRequest: null } as ConnectionOptions;
  const queue: Queue = new Queue(options.name, { connection, prefix });
  queue.on('error', () => undefined);
  const redis = new Redis({ ...options.connection, maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  // The watch's own connection reconnects fast, so a restart is seen soon after Redis answers.
  const watchRedis = new Redis({ ...options.connection, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 50, 500) });
  const jobEvents = new JobEvents(options.name, prefix, connection, redis);
  const base = queueBase(prefix, options.name);
  const stops = new RunStops(redis, base);
  const records = new RunRecords(redis, base);
  const runs = new Set<DistributedRun<unknown, unknown>>();
  const durability = options.durability ?? 'check';

  const watch = new RedisWatch({
    redis: watchRedis,
    probeMs: options.stateCheckMs ?? QUEUE_DEFAULTS.stateCheckMs,
    unavailableAfterMs: options.unavailableAfterMs ?? QUEUE_DEFAULTS.unavailableAfterMs,
    what: where,
    clock,
    onUnavailable: (error) => {
      for (const run of runs) run.fail(error);
    },
    // Redis restarted: a run whose record survived (AOF) goes on; one whose record is gone fails now.
    onRestart: () => {
      for (const run of runs) {
        // A run still starting writes its record on the new server.
        if (!run.recorded) continue;
        records.exists(run.runId).then(
          (kept) => kept || run.fail(stateLost(where, run.runId)),
          () => undefined,
        );
      }
    },
  });

  const plumbing = {
    queue,
    jobEvents,
    stops,
    records,
    clock,
    async ready(limits: QueueLimits) {
      await watch.start();
      const budgeted = limits.maxTotalCostUsd !== undefined || limits.costPerAgentUsd !== undefined;
      if (budgeted) await requireDurable(redis, durability, where);
    },
  };

  const stream = <I, O>(runOptions: QueueDispatchOptions<I, O, unknown>, sink?: (end: RunEnd) => void): AsyncIterable<AgentResult<I, O>> => ({
    [Symbol.asyncIterator]: () => {
      // Bad limits fail here, with core's own messages, before any job is queued.
      resolveLimits(runOptions.limits);
      const run = new DistributedRun<I, O>(plumbing, runOptions, sink);
      runs.add(run as DistributedRun<unknown, unknown>);
      return run.results(() => {
        runs.delete(run as DistributedRun<unknown, unknown>);
        if (runs.size === 0) watch.stop();
      });
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
      return buildDispatchRun<I, O, V>({
        results,
        stats: end!.stats,
        stopReason: end!.stopReason,
        aggregate: runOptions.aggregate,
        minSuccessCount: runOptions.limits?.minSuccessCount,
        signal: end!.signal,
      });
    },
    dispatchStream: (runOptions) => stream(runOptions),
    async close() {
      watch.stop();
      // A graceful close waits for Redis; without Redis, drop the connections instead of hanging.
      const clients = [redis, watchRedis];
      for (const client of clients) if (client.status !== 'ready') client.disconnect();
      const closing = Promise.allSettled([queue.close(), jobEvents.close(), ...clients.map((client) => (client.status === 'ready' ? client.quit() : undefined))]);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      for (const client of clients) client.disconnect();
    },
  };
}

function stateLost(where: string, runId: string): RedisStateLostError {
  return new RedisStateLostError(
    `run ${runId}: its record, jobs, stops and per-run budget`,
    `${where}: Redis restarted without the state of run ${runId} (its record, queued jobs, stops and per-run budget are gone), so its remaining results will never come. ` +
      'Spend recorded in Redis before the restart is unknown: check the provider’s bill. Run Redis with AOF (appendonly yes, appendfsync everysec or always) so a restart keeps runs, then dispatch again',
  );
}
