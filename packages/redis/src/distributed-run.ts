import { randomUUID } from 'node:crypto';
import { cacheKey, type AgentResult, type DispatchEvent, type DispatchStats } from '@flotilla/core';
import { FailureRate, resolveLimits, StatsRecorder, StopSignal, stopCode } from '@flotilla/core/internal';
import type { AgentRef, DispatchJobData, RunStop } from './dispatch-job.js';
import { enqueueJob, jobLimits } from './job-enqueue.js';
import type { QueueDispatchOptions, QueueLimits } from './queue-dispatch-options.js';
import type { JobOutcome } from './job-events.js';
import { RunOutcomes, type Outcome } from './job-outcomes.js';
import { QUEUE_DEFAULTS } from './queue-keys.js';
import type { RunEnd, RunPlumbing } from './run-plumbing.js';

/** One unit of work in flight: a job and every input index waiting on it. */
interface Pending<I> {
  jobId: string;
  entries: { index: number; input: I }[];
  /** Stops listening for the job's end. */
  forget?: () => void;
}

/**
 * One distributed run: writes its record, feeds jobs in a window, gathers
 * results, applies stops. Stops, failure rate, stats and the final result
 * are core's own (`StopSignal`, `FailureRate`, `StatsRecorder`,
 * `buildDispatchRun`): only the transport is specific to Redis.
 */
export class DistributedRun<I, O> {
  readonly runId = randomUUID();
  /** Whether the run's record is written (only then can Redis lose it). */
  recorded = false;
  private readonly agent: AgentRef;
  private readonly limits: QueueLimits;
  private readonly startedAt: number;
  private readonly stats = new StatsRecorder();
  private readonly stop: StopSignal;
  private readonly failureRate: FailureRate;
  private readonly outcomes = new RunOutcomes(this.runId);
  private readonly inFlight = new Map<string, Pending<I>>();
  private readonly active = new Set<string>();
  private readonly ready: AgentResult<I, O>[] = [];
  private wake: (() => void) | undefined;
  private freed: (() => void) | undefined;
  private failure: Error | undefined;
  private fed = false;
  private total = 0;
  private settled = 0;
  private readonly known: number | undefined;

  constructor(
    private readonly plumbing: RunPlumbing,
    private readonly options: QueueDispatchOptions<I, O, unknown>,
    private readonly onEnd: ((end: RunEnd) => void) | undefined,
  ) {
    this.agent = typeof options.agent === 'string' ? { name: options.agent } : { name: options.agent.name, version: options.agent.version, model: options.agent.model };
    this.limits = options.limits ?? {};
    this.startedAt = plumbing.clock.now();
    this.stop = new StopSignal(plumbing.clock, (reason, message) => this.stopped({ runId: this.runId, reason, message }));
    // A known input count lets an aggregator decide early, as in core.
    const inputs = options.inputs as { length?: unknown; size?: unknown };
    this.known = Array.isArray(inputs) ? inputs.length : typeof inputs.size === 'number' ? inputs.size : undefined;
    // Core's defaults and checks (the queue already refused bad limits with core's messages).
    const resolved = resolveLimits(this.limits);
    this.failureRate = new FailureRate(resolved.maxFailureRate, resolved.failureRateMinSamples);
  }

  /** The run's stop signal: aborted by any stop. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  async *results(onDone: () => void): AsyncGenerator<AgentResult<I, O>> {
    const detach = this.stop.watch(this.options.signal, this.limits.maxTotalDurationMs);
    let feeding: Promise<void> = Promise.resolve();
    try {
      await this.plumbing.ready(this.limits);
      await this.plumbing.records.open(this.runId);
      this.recorded = true;
      feeding = this.feed().catch((error: unknown) => this.fail(error));
      for (;;) {
        while (this.ready.length > 0) yield this.ready.shift()!;
        if (this.failure) throw this.failure;
        if (this.fed && this.inFlight.size === 0) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
      await feeding;
    } catch (error) {
      this.fail(error);
      // Workers skip what is still queued of a failed run once Redis takes the stop.
      void this.plumbing.stops.trip({ runId: this.runId, reason: 'aborted', message: `the run failed on its producer: ${this.failure!.message}` }).catch(() => undefined);
      throw this.failure!;
    } finally {
      detach();
      onDone();
      this.fed = true;
      for (const pending of this.inFlight.values()) pending.forget?.();
      void this.plumbing.records.close(this.runId).catch(() => undefined);
    }
    const end: RunEnd = { stats: this.snapshot(), stopReason: this.stop.reason ?? 'completed', signal: this.stop.signal };
    this.emit({ type: 'end', stats: end.stats, stopReason: end.stopReason });
    this.onEnd?.(end);
  }

  /** End the run with `error` (Redis failed or lost the run's state). */
  fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    this.freed?.();
    this.wake?.();
  }

  /** Enqueue inputs, keeping at most `window` jobs in flight. */
  private async feed(): Promise<void> {
    const window = this.options.window ?? QUEUE_DEFAULTS.window;
    // Epoch time: workers on other machines compare it with their own clocks. JSON has no Infinity.
    const deadlineAt = Number.isFinite(this.limits.maxTotalDurationMs) ? Date.now() + this.limits.maxTotalDurationMs! : undefined;
    const limits = jobLimits(this.limits);
    let index = 0;
    await this.plumbing.jobEvents.start();
    for await (const input of this.options.inputs) {
      const at = index++;
      this.total++;
      if (this.failure) return;
      if (this.stop.reason) {
        this.settle({ index: at, input }, this.skipped(), true);
        continue;
      }
      const jobId = cacheKey({ agent: this.agent.name, version: this.agent.version, model: this.agent.model, template: this.options.template, input });
      const sharing = this.inFlight.get(jobId);
      if (sharing) {
        sharing.entries.push({ index: at, input });
        continue;
      }
      while (this.inFlight.size >= window && !this.stop.reason && !this.failure) await new Promise<void>((resolve) => (this.freed = resolve));
      if (this.failure) return;
      if (this.stop.reason) {
        this.settle({ index: at, input }, this.skipped(), true);
        continue;
      }
      const pending: Pending<I> = { jobId, entries: [{ index: at, input }] };
      this.inFlight.set(jobId, pending);
      const data: DispatchJobData = {
        runId: this.runId,
        agent: this.agent,
        input,
        template: this.options.template,
        limits,
        deadlineAt,
        retry: this.options.retry,
        guards: this.options.guards,
      };
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
        pending.forget = this.plumbing.jobEvents.wait(pending.jobId, resolve, () => this.activated(pending.jobId));
        enqueueJob(this.plumbing.queue, pending.jobId, data, this.options.attempts).catch((error: unknown) => {
          pending.forget?.();
          reject(error);
        });
      });
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.active.delete(pending.jobId)) this.stats.remoteEnded();
    if (!this.inFlight.has(pending.jobId)) return; // a cancelling stop already answered these items
    this.inFlight.delete(pending.jobId);
    this.freed?.();
    // Like core's single flight: only the first item of the run that paid for the job carries its cost.
    const lead = this.outcomes.lead(pending.jobId, outcome);
    this.stats.remoteRan(lead.attempts, lead.durationMs);
    this.stats.addCost(lead.costUsd);
    for (const [i, entry] of pending.entries.entries()) this.settle(entry, i > 0 ? this.outcomes.twin(lead) : lead, false);
    if (lead.attempts > 0) {
      const tripped = this.failureRate.record(!lead.ok);
      if (tripped) this.stop.trip('failure_rate', tripped);
    }
  }

  private activated(jobId: string): void {
    if (this.active.has(jobId) || !this.inFlight.has(jobId)) return;
    this.active.add(jobId);
    this.stats.remoteStarted();
  }

  private settle(entry: { index: number; input: I }, outcome: Outcome, skipped: boolean): void {
    const result = { ...outcome, index: entry.index, input: entry.input } as AgentResult<I, O>;
    this.settled++;
    this.stats.recordResult(result, skipped);
    this.ready.push(result);
    this.emit({ type: 'result', result });
    // A worker refused this item for the whole run: nothing more of it starts.
    if (result.error?.code === 'budget_exhausted') this.stop.trip('budget', result.error.message);
    if (result.error?.code === 'max_agents') this.stop.trip('max_agents', result.error.message);
    this.decide(result);
    this.wake?.();
  }

  /** The aggregator's early stop, as in core's dispatch. */
  private decide(result: AgentResult<I, O>): void {
    const aggregate = this.options.aggregate;
    if (!aggregate?.decide || this.stop.reason) return;
    let decided = false;
    try {
      const known = this.known ?? (this.fed ? this.total : undefined);
      decided = aggregate.decide(result, { settled: this.settled, pending: known === undefined ? undefined : known - this.settled, signal: this.stop.signal });
    } catch {
      // A faulty aggregator does not stop the run early.
    }
    if (decided) this.stop.trip('decided', `the outcome was decided after ${this.settled} results; the remaining agents were not needed`);
  }

  /** A stop tripped: tell every worker, and answer waiting items at once when it cancels. */
  private stopped(stop: RunStop): void {
    this.emit({ type: 'stop', reason: stop.reason, message: stop.message });
    void this.plumbing.stops.trip(stop).catch(() => undefined);
    if (this.stop.cancelling) {
      for (const pending of [...this.inFlight.values()]) {
        this.inFlight.delete(pending.jobId);
        pending.forget?.();
        if (this.active.delete(pending.jobId)) this.stats.remoteEnded();
        for (const entry of pending.entries) this.settle(entry, this.skipped(), true);
        // A job no worker took yet goes; a running one is aborted by its worker.
        void this.plumbing.queue.remove(pending.jobId).catch(() => undefined);
      }
    }
    this.freed?.();
    this.wake?.();
  }

  private skipped(): Outcome {
    const reason = this.stop.reason!;
    return { ok: false, error: { code: stopCode(reason), message: this.stop.message! }, costUsd: 0, durationMs: 0, cached: false, attempts: 0 };
  }

  private snapshot(): DispatchStats {
    return this.stats.snapshot(this.plumbing.clock.now() - this.startedAt, { reservedPerAgentUsd: this.limits.costPerAgentUsd });
  }

  private emit(event: DispatchEvent<I, O>): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A faulty progress handler must not break the run.
    }
  }
}
