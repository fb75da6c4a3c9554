import { Worker, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { stopCancelsRunning, type DispatchJobData, type DispatchJobResult, type RunStop } from './dispatch-job.js';
import { RedisStateLostError } from './errors.js';
import { jobRunner } from './job-runner.js';
import { stopError } from './job-results.js';
import { queueBase, QUEUE_DEFAULTS } from './queue-keys.js';
import { RedisWatch } from './redis-watch.js';
import { RunAgentCounts } from './run-agent-counts.js';
import { RunRecords } from './run-records.js';
import { RunStops } from './run-stops.js';
import { closeWorker, quitWithin } from './worker-close.js';

/** How long a closing worker waits for Redis to answer each client's QUIT before it drops the connection. */
const CLIENT_QUIT_MS = 2_000;
import type { DispatchWorkerOptions } from './worker-options.js';

export type { DispatchWorkerOptions } from './worker-options.js';

/** A running distributed worker. */
export interface DispatchWorker {
  /** The underlying BullMQ worker (events, pause/resume). */
  readonly worker: Worker;
  /** Resolves once the worker is connected and taking jobs. */
  ready(): Promise<void>;
  /** Stop taking jobs, let running ones finish, and close every connection. */
  close(): Promise<void>;
}

/**
 * Run the jobs of a distributed dispatch ({@link createDispatchQueue}) on
 * this machine. Each job is one input, run through core's `dispatch` with
 * the worker's shared policies (ledger, rate limiter, cache, circuit), so a
 * job behaves exactly like an item of a local run and returns the same
 * `AgentResult`.
 *
 * Before starting a job the worker checks its run's stop (budget, failure
 * rate, deadline, abort): a stopped run's jobs return skipped results without
 * running. Stops that cancel (all but budget) also reach running agents at
 * once through pub/sub and abort their signal.
 *
 * A killed worker loses nothing: BullMQ gives its jobs to another worker
 * after `lockDurationMs`. The dead worker's budget reservation expires (its
 * lease), and with a shared `cache` an item whose result was stored is served
 * from the cache, while `lead()` keeps two workers from running the same item
 * at once. One window remains, as in any at-least-once queue: a worker killed
 * after its agent returned but before the result reached the cache (one
 * Redis write) leaves that item to run again elsewhere.
 *
 * @example
 * const worker = createWorker({
 *   connection: { host: '127.0.0.1', port: 6379 },
 *   name: 'receipts',
 *   agents: { classify },
 *   ledger: redisLedger({ redis, key: 'flotilla:budget', capUsd: 50 }),
 *   limiter: redisRateLimiter({ redis, key: 'flotilla:rate:openai', requestsPerSecond: 50 }),
 *   cache: redisCache({ redis, prefix: 'flotilla:cache' }),
 *   concurrency: 10,
 * });
 */
export function createWorker(options: DispatchWorkerOptions): DispatchWorker {
  const prefix = options.prefix ?? QUEUE_DEFAULTS.prefix;
  const lockDurationMs = options.lockDurationMs ?? QUEUE_DEFAULTS.lockDurationMs;
  const leadLockMs = options.leadLockMs ?? 2 * lockDurationMs;
  const base = queueBase(prefix, options.name);
  const redis = new Redis({ ...options.connection, maxRetriesPerRequest: null });
  const subscriber = new Redis({ ...options.connection, maxRetriesPerRequest: null });
  // Connection trouble shows up as failed commands (and BullMQ retries jobs); without a listener ioredis would log each error.
  for (const connection of [redis, subscriber]) connection.on('error', () => undefined);
  const stops = new RunStops(redis, base);
  const records = new RunRecords(redis, base);
  const agentCounts = new RunAgentCounts(redis, base);
  // Controllers of the running jobs, by run, so a published stop aborts them.
  const running = new Map<string, Set<AbortController>>();

  subscriber.on('message', (_channel: string, text: string) => {
    const stop = JSON.parse(text) as RunStop;
    if (!stopCancelsRunning(stop.reason)) return;
    for (const controller of running.get(stop.runId) ?? []) controller.abort(stopError(stop));
  });
  const subscribed = subscriber.subscribe(stops.channel);

  // Lost contact or lost state: abort what runs (an aborted agent pays
  // nothing) and hand the job back instead of completing it with an error.
  const watchRedis = new Redis({ ...options.connection, maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 50, 500) });
  const where = `createWorker "${options.name}"`;
  const watch = new RedisWatch({
    redis: watchRedis,
    probeMs: options.stateCheckMs ?? Math.min(QUEUE_DEFAULTS.stateCheckMs, lockDurationMs / 8),
    unavailableAfterMs: options.unavailableAfterMs ?? lockDurationMs / 4,
    what: where,
    onUnavailable: (error) => {
      for (const jobs of running.values()) for (const controller of jobs) controller.abort(error);
    },
    onRestart: () => {
      for (const [runId, jobs] of running) {
        records.exists(runId).then((kept) => {
          if (kept) return;
          const error = new RedisStateLostError(`run ${runId}`, `${where}: Redis restarted without run ${runId}; its running agents were aborted. Run Redis with AOF so a restart keeps runs`);
          for (const controller of jobs) controller.abort(error);
        }, () => undefined);
      }
    },
  });
  watch.start().catch(() => undefined);

  const processJob = jobRunner({ options, redis, base, lockDurationMs, leadLockMs, stops, records, agentCounts, running });

  const worker = new Worker<DispatchJobData, DispatchJobResult>(options.name, processJob, {
    connection: { ...options.connection, maxRetriesPerRequest: null } as ConnectionOptions,
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? QUEUE_DEFAULTS.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? QUEUE_DEFAULTS.maxStalledCount,
  });
  // BullMQ reports connection trouble as 'error' events; without a listener Node would crash the process.
  worker.on('error', () => undefined);

  return {
    worker,
    async ready() {
      await Promise.all([worker.waitUntilReady(), subscribed]);
    },
    async close() {
      watch.stop();
      await closeWorker(worker);
      await Promise.all([subscriber, redis, watchRedis].map((client) => quitWithin(client, CLIENT_QUIT_MS)));
    },
  };
}
