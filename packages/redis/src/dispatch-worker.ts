import {
  dispatch,
  FlotillaError,
  systemClock,
  type Agent,
  type AgentResult,
  type Cache,
  type CircuitBreaker,
  type CircuitBreakerRegistry,
  type GuardOptions,
  type Ledger,
  type RateLimiter,
  type RetryOptions,
} from '@flotilla/core';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { stopCancelsRunning, stopErrorCode, type DispatchJobData, type DispatchJobResult, type RunStop } from './dispatch-job.js';
import { RedisStateLostError, RedisUnavailableError } from './errors.js';
import { queueBase, QUEUE_DEFAULTS } from './queue-keys.js';
import type { RedisCache } from './redis-cache.js';
import { redisLedger } from './redis-ledger.js';
import { RedisWatch } from './redis-watch.js';
import { paying, withoutLead } from './job-cache.js';
import { RunAgentCounts } from './run-agent-counts.js';
import { RunPayments } from './run-payments.js';
import { RunRecords } from './run-records.js';
import { RunStops } from './run-stops.js';

/** Options of {@link createWorker}. */
export interface DispatchWorkerOptions {
  /** Where Redis is, e.g. `{ host: '127.0.0.1', port: 6379 }`. The worker opens its own connections. */
  connection: RedisOptions;
  /** The queue's name; the same as the producer's {@link createDispatchQueue}. */
  name: string;
  /** The agents this worker can run, by the name producers refer to them with. */
  agents: Record<string, Agent<any, any>>;
  /** A shared budget (e.g. {@link redisLedger}) for every run; without one, a run's `limits.maxTotalCostUsd` gets a per-run Redis ledger. */
  ledger?: Ledger;
  /** A shared rate limiter (e.g. `redisRateLimiter`) for every agent call. */
  limiter?: RateLimiter;
  /** A shared cache (e.g. `redisCache`): a finished item is never paid for again, even when its job is retried. */
  cache?: Cache;
  /** A circuit breaker (e.g. `redisCircuitBreaker`) or registry. */
  circuit?: CircuitBreaker | CircuitBreakerRegistry;
  /** Retries of retryable agent failures inside one job (core's retry policy). */
  retry?: RetryOptions;
  /** Prompt-injection and PII guards, as in core's dispatch. */
  guards?: GuardOptions;
  /** Jobs this worker runs at once (default 1). */
  concurrency?: number;
  /**
   * How long a job stays claimed by a worker that stopped renewing its lock
   * (a killed worker), in milliseconds (default 30 000). After it, the job is
   * retried elsewhere.
   */
  lockDurationMs?: number;
  /**
   * How long the shared cache's `lead()` lock of an item outlives a worker
   * that stopped renewing it, in milliseconds (default `2 x lockDurationMs`).
   * A worker cut off from Redis (a partition) whose agent finished meanwhile
   * stores its result when the partition heals; a worker that takes the job
   * over waits on this lock, so a partition (plus reconnecting) shorter than
   * two thirds of `leadLockMs` (the lock is renewed every third) never pays
   * for an item twice. The price: an item of a killed worker runs again
   * elsewhere only after this span.
   */
  leadLockMs?: number;
  /** How often workers look for jobs of dead workers, in milliseconds (default 30 000). */
  stalledIntervalMs?: number;
  /** How many times a job may lose its worker before it fails (default 3). */
  maxStalledCount?: number;
  /**
   * How long this worker may go without an answer from Redis before it
   * aborts its running agents and hands their jobs back, in milliseconds
   * (default `lockDurationMs / 4`). Shorter than the job lock on purpose: a
   * partitioned worker stops its agents before another worker can take their
   * jobs over, so an item is not paid for twice.
   */
  unavailableAfterMs?: number;
  /** How often the worker asks Redis who it is (restart and outage detection), in milliseconds (default `min(1000, lockDurationMs / 8)`). */
  stateCheckMs?: number;
  /** BullMQ key prefix (default `'bull'`). */
  prefix?: string;
}

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
  const payments = new RunPayments(redis, base);
  const agents = new RunAgentCounts(redis, base);
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

  const processJob = async (job: Job<DispatchJobData, DispatchJobResult>): Promise<DispatchJobResult> => {
    const data = job.data;
    const skip = (stop: RunStop) => ({ runId: data.runId, result: skippedResult(stop) });
    const [stopped, open] = await Promise.all([stops.get(data.runId), records.exists(data.runId)]);
    if (stopped) return skip(stopped);
    // No record: the run ended, or Redis lost it (restarted empty). Nobody waits for this result.
    if (!open) {
      return { runId: data.runId, result: { ...emptyResult(), ok: false, error: { code: 'aborted', message: 'the run this job belongs to is gone (it ended, or Redis lost it); nothing ran' } } };
    }
    if (data.deadlineAt !== undefined && Date.now() >= data.deadlineAt) {
      return skip({ runId: data.runId, reason: 'deadline', message: 'the run passed its maxTotalDurationMs deadline before this item started' });
    }
    const agent = options.agents[data.agent.name];
    const mismatch = agentMismatch(agent, data);
    if (mismatch) return { runId: data.runId, result: { ...emptyResult(), ok: false, error: { code: 'invalid_input', message: mismatch } } };

    const controller = new AbortController();
    let runStop: RunStop | undefined;
    controller.signal.addEventListener('abort', () => {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof StopError) runStop = reason.stop;
    });
    const jobs = running.get(data.runId) ?? new Set<AbortController>();
    running.set(data.runId, jobs);
    jobs.add(controller);
    const deadline =
      data.deadlineAt === undefined
        ? undefined
        : systemClock.setTimeout(
            () => controller.abort(stopError({ runId: data.runId, reason: 'deadline', message: 'the run passed its maxTotalDurationMs deadline' })),
            data.deadlineAt - Date.now(),
          );
    const cache = options.cache as RedisCache | undefined;
    const writes: Promise<unknown>[] = [];
    const lead = typeof cache?.lead === 'function' ? await cache.lead(String(job.id), { signal: controller.signal, lockMs: leadLockMs }).catch(() => undefined) : undefined;
    const perRunLedger =
      options.ledger === undefined && data.limits.maxTotalCostUsd !== undefined
        ? redisLedger({ redis, key: `${base}:budget:${data.runId}`, capUsd: data.limits.maxTotalCostUsd, leaseMs: lockDurationMs })
        : undefined;
    try {
      if (lead?.kind === 'hit') {
        // Paid for by this very run on a worker whose result never arrived (it died, or Redis failed under it): its cost is this run's.
        const paid = await payments.get(data.runId, String(job.id));
        return { runId: data.runId, result: { ...emptyResult(), ok: true, value: lead.entry.value, cached: true, costUsd: paid ?? 0 } };
      }
      const overLimit = await agents.admit(data.runId, data.limits.maxTotalAgents);
      if (overLimit) {
        await stops.trip(overLimit);
        return skip(overLimit);
      }
      const run = await dispatch({
        agent: agent!,
        inputs: [data.input],
        template: data.template,
        // This job already holds the cross-process lead; core must not ask for it again.
        cache: options.cache ? paying(withoutLead(options.cache), (costUsd) => payments.record(data.runId, String(job.id), costUsd), writes) : false,
        ledger: options.ledger ?? perRunLedger,
        rateLimiter: options.limiter,
        circuit: options.circuit,
        retry: data.retry ? { ...options.retry, ...data.retry } : options.retry,
        guards: data.guards ?? options.guards,
        limits: { maxConcurrent: 1, costPerAgentUsd: data.limits.costPerAgentUsd, agentTimeoutMs: data.limits.agentTimeoutMs },
        signal: controller.signal,
      });
      const result = run.results[0]!;
      const lost: unknown = controller.signal.reason;
      if (!result.ok && (RedisUnavailableError.isInstance(lost) || RedisStateLostError.isInstance(lost))) throw lost;
      if (run.stopReason === 'budget') await stops.trip({ runId: data.runId, reason: 'budget', message: result.error?.message ?? 'budget exhausted' });
      const { index: _index, input: _input, ...rest } = result;
      // core reports an abort through the signal as `aborted`; give the item the run's own stop code.
      if (runStop && !rest.ok) rest.error = { code: stopErrorCode(runStop.reason), message: runStop.message };
      return { runId: data.runId, result: rest };
    } finally {
      if (deadline !== undefined) systemClock.clearTimeout(deadline);
      jobs.delete(controller);
      if (jobs.size === 0) running.delete(data.runId);
      perRunLedger?.close();
      // Core stores the value in the background: the lead goes only once it is stored.
      await Promise.all(writes);
      if (lead?.kind === 'lead') await lead.release();
    }
  };

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
      await worker.close();
      for (const client of [subscriber, redis, watchRedis]) await client.quit().catch(() => client.disconnect());
    },
  };
}

/** The abort reason a stop gives running agents; carries the stop so the result gets its code. */
class StopError extends FlotillaError {
  constructor(readonly stop: RunStop) {
    super(stopErrorCode(stop.reason), stop.message);
  }
}

function stopError(stop: RunStop): FlotillaError {
  return new StopError(stop);
}

function emptyResult(): Omit<AgentResult, 'index' | 'input' | 'ok'> {
  return { costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
}

function skippedResult(stop: RunStop): Omit<AgentResult, 'index' | 'input'> {
  return { ...emptyResult(), ok: false, error: { code: stopErrorCode(stop.reason), message: stop.message } };
}

/** Why this worker cannot run the job's agent as the producer meant it, or `undefined` when it can. */
function agentMismatch(agent: Agent<any, any> | undefined, data: DispatchJobData): string | undefined {
  const ref = data.agent;
  if (!agent) return `no agent named "${ref.name}" on this worker; register it in createWorker({ agents: { ${ref.name} } })`;
  const definition = typeof agent === 'function' ? { version: undefined, model: undefined } : agent;
  if ((definition.version ?? null) !== (ref.version ?? null) || (definition.model ?? null) !== (ref.model ?? null)) {
    return `the producer asked for agent "${ref.name}" version ${ref.version ?? '(none)'} model ${ref.model ?? '(none)'}, but this worker runs version ${definition.version ?? '(none)'} model ${definition.model ?? '(none)'}; deploy the same agent on producers and workers`;
  }
  return undefined;
}
