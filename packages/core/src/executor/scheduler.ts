import { toAgentDefinition } from './agent.js';
import { AgentSlots, leakMessage } from './agent-slots.js';
import { Attempts, type AttemptHost } from './attempt.js';
import { Delivery } from './delivery.js';
import { CachedExecution, type CachedHost } from './cached-execution.js';
import { breakerFor } from '../policies/circuit-registry.js';
import type { CircuitBreaker } from '../policies/circuit-breaker.js';
import { systemClock, type Clock } from '../util/clock.js';
import { defaultCacheFor } from '../cache/default-cache.js';
import { checkDispatchOptions } from './dispatch-options.js';
import { MaxDepthError, messageOf, toResultError, type ResultError } from '../errors.js';
import { FailureRate } from './failure-rate.js';
import { DispatchGuards } from '../guards/dispatch-guards.js';
import { ItemGuards } from './item-guards.js';
import { compileTemplate, type CompiledTemplate } from '../guards/template.js';
import { inputSource, knownInputCount } from './input-source.js';
import type { AttemptObserver, DispatchInstrumentation } from './instrumentation.js';
import { observeRun, type GuardedRunObserver } from './instrumentation-calls.js';
import type { Item } from './item.js';
import { InputIntake, type IntakeHost } from './input-intake.js';
import { OpenWork } from './open-work.js';
import { checkPreflight, graceMsOf, resolveLimits } from '../limits/limits.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import { failedResult, type ResultSource } from './results.js';
import { resolveRetry, type RetryOptions } from '../policies/retry.js';
import { RunBudget } from '../budget/run-budget.js';
import { ResizableSemaphore } from '../policies/resizable-semaphore.js';
import { AimdConcurrency } from '../policies/adaptive-concurrency.js';
import { RunCache } from '../cache/run-cache.js';
import { Semaphore } from '../util/semaphore.js';
import type { Spend } from '../budget/spend.js';
import type { Maybe } from '../util/maybe.js';
import { StatsRecorder } from './stats.js';
import { StopSignal, stopCode } from './stop.js';
import { TimeoutQueue } from './timeout-queue.js';
import { anySignal, bucketFromLimits, ledgerFor, type ParentRun, type ResultSink, type RunDispatch, type RunOutcome } from './run-parts.js';
import type { AgentDefinition, AgentResult, DispatchEvent, DispatchOptions, DispatchRun, DispatchStats, Limits } from '../types.js';

export type { ParentRun, ResultSink, RunDispatch, RunOutcome } from './run-parts.js';

/**
 * One dispatch in progress: pulls inputs, admits each item through the
 * policies (template, cache, rate limit, circuit, quotas, budget), runs the
 * agent with retries, reconciles, and pushes exactly one result per input.
 *
 * The life of one item: `InputIntake` reads it -> {@link track} -> {@link processItem} (guards, then
 * `CachedExecution.run` under a cache) -> {@link execute} (attempts and retries)
 * -> `Attempts.run` (rate limit, slot, circuit, quota, budget) -> `runAgent`
 * (the call, its timeout, its settlement) -> {@link push}.
 *
 * Its public members are the run's parts, read by those modules; they are
 * not an API (the class is reached only through `dispatch`).
 */
export class Scheduler<I, O> implements AttemptHost<I, O>, CachedHost<I, O>, IntakeHost<I> {
  readonly agent: AgentDefinition<I, O>;
  readonly fallback: AgentDefinition<I, O> | undefined;
  readonly limits: Limits;
  readonly clock: Clock;
  readonly limiter: RateLimiter | undefined;
  readonly circuit: CircuitBreaker | undefined;
  readonly stats = new StatsRecorder();
  readonly stop: StopSignal;
  readonly budget: RunBudget;
  readonly depth: number;
  readonly timeouts: TimeoutQueue | undefined;
  readonly observer: GuardedRunObserver | undefined;
  // Agents running (maxConcurrent); waiting for a token or a retry never holds one.
  readonly slots: AgentSlots;
  readonly adaptive: { control: AimdConcurrency; slots: ResizableSemaphore } | undefined;
  readonly redactsInputs: boolean;
  readonly retry: RetryOptions | undefined;
  private readonly template: CompiledTemplate | undefined;
  private readonly cached: CachedExecution<I, O> | undefined;
  private readonly attempts: Attempts<I, O>;
  private readonly itemGuards: ItemGuards<I, O>;
  private readonly failureRate: FailureRate;
  private readonly startedAt: number;
  private readonly work = new OpenWork();
  private readonly intake: InputIntake<I>;
  private readonly delivery: Delivery<I, O>;
  private readonly instrumentation: DispatchInstrumentation | undefined;

  constructor(
    private readonly options: DispatchOptions<I, O, unknown>,
    private readonly sink: ResultSink<I, O>,
    private readonly runDispatch: RunDispatch,
    private readonly parent?: ParentRun,
  ) {
    checkDispatchOptions(options);
    this.agent = toAgentDefinition(options.agent);
    this.fallback = options.fallback === undefined ? undefined : toAgentDefinition(options.fallback);
    this.limits = resolveLimits(options.limits);
    if (options.retry !== undefined) resolveRetry(options.retry);
    const expected = knownInputCount(options.inputs);
    checkPreflight(this.limits, expected);
    // Items in progress (twice maxConcurrent) bound how far the input source is read ahead.
    this.intake = new InputIntake(this, sink, expected, this.limits.maxConcurrent * 2);
    this.depth = parent ? parent.depth + 1 : 0;
    const maxDepth = this.limits.maxDepth ?? parent?.maxDepth;
    if (maxDepth !== undefined && this.depth > maxDepth) {
      throw new MaxDepthError(`a nested dispatch at depth ${this.depth} exceeds maxDepth ${maxDepth}; flatten the work or raise maxDepth`);
    }
    this.clock = options.clock ?? systemClock;
    this.template = options.template === undefined ? undefined : compileTemplate(options.template);
    const guards = new DispatchGuards(options.guards);
    guards.checkTemplate(options.template);
    this.redactsInputs = guards.redactsInputs;
    this.limiter = options.rateLimiter ?? bucketFromLimits(this.limits, this.clock);
    this.circuit = options.circuit && breakerFor(options.circuit, this.agent.model ?? this.agent.name);
    const adaptive = this.limits.adaptiveConcurrency;
    const control = adaptive ? new AimdConcurrency(this.limits.maxConcurrent, adaptive === true ? {} : adaptive) : undefined;
    this.adaptive = control && { control, slots: new ResizableSemaphore(control.limit) };
    this.slots = new AgentSlots(this.adaptive?.slots ?? new Semaphore(this.limits.maxConcurrent), this.clock, graceMsOf(this.limits), (count, atRunEnd) => this.leaked(count, atRunEnd));
    this.startedAt = this.clock.now();
    this.stop = new StopSignal(this.clock, (reason, message) => this.emit({ type: 'stop', reason, message }));
    this.itemGuards = new ItemGuards(guards, this.template, this.stop);
    this.failureRate = new FailureRate(this.limits.maxFailureRate, this.limits.failureRateMinSamples);
    this.budget = new RunBudget(ledgerFor(options.ledger, this.limits, parent), this.limits, this.stop, {
      onCost: (usd) => this.stats.addCost(usd),
      warn: (code, message) => this.warn(code, message),
      agentCalls: () => this.stats.agentCalls,
    });
    const cache = options.cache === false ? undefined : (options.cache ?? defaultCacheFor(options.agent));
    this.cached = cache && new CachedExecution(
      new RunCache(cache, {
        work: { agent: this.agent.name, version: this.agent.version, model: this.agent.model, template: this.template?.source },
        signal: this.stop.signal,
        stopped: () => this.stop.reason !== undefined,
        warn: (code, message) => this.warn(code, message),
      }),
      this,
    );
    this.retry = options.retry;
    this.attempts = new Attempts(this);
    this.delivery = new Delivery(sink, this.stats, this.stop, options, () => this.intake.expected, {
      observer: () => this.observer,
      emit: (event) => this.emit(event),
    });
    const timeoutMs = this.limits.agentTimeoutMs;
    this.timeouts = timeoutMs === undefined ? undefined : new TimeoutQueue(this.clock, timeoutMs);
    this.instrumentation = options.instrumentation ?? parent?.instrumentation;
    this.observer = this.instrumentation && observeRun(this.instrumentation, {
      agent: { name: this.agent.name, version: this.agent.version, model: this.agent.model },
      limits: this.limits,
      depth: this.depth,
      inputCount: expected,
      parent: parent?.attempt,
    });
  }

  /** The run's stop signal: aborts when the run stops; aggregators key their per-run state by it. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  /** Process every input; resolves once each input read has its result. */
  async run(): Promise<RunOutcome> {
    const source = inputSource(this.options.inputs);
    const signal = this.parent ? anySignal(this.options.signal, this.parent.signal) : this.options.signal;
    const detach = this.stop.watch(signal, this.limits.maxTotalDurationMs);
    this.budget.checkReservations(this.agent);
    try {
      await this.intake.read(source);
      await this.work.drained();
    } catch (error) {
      // The input source failed: cancel what runs, let it settle, then report the failure.
      this.stop.trip('aborted', `the input source failed: ${messageOf(error)}`);
      await this.work.drained();
      this.observer?.end({ stats: this.snapshot(), stopReason: 'aborted', stopMessage: this.stop.message });
      throw error;
    } finally {
      detach();
      this.timeouts?.close();
      this.slots.close();
      // A read the stop left unanswered would hold return() behind it: close without waiting.
      const closing = source.close().catch(() => undefined);
      if (!this.intake.unansweredRead) await closing;
    }
    const stats = this.snapshot();
    const overshootUsd = await this.budget.overshootUsd();
    if (overshootUsd !== undefined) stats.overshootUsd = overshootUsd;
    const outcome: RunOutcome = { stats, stopReason: this.stop.reason ?? 'completed' };
    this.emit({ type: 'end', stats: outcome.stats, stopReason: outcome.stopReason });
    this.observer?.end({ ...outcome, ...(this.stop.message === undefined ? {} : { stopMessage: this.stop.message }) });
    return outcome;
  }

  /**
   * Process one item: at once when nothing makes it wait, else in the
   * background. It holds its admission, and its concurrency slot once it
   * has one, until its result is out: the next agent starts only after this
   * result is counted (failure rate, early decisions).
   */
  track(item: Item<I>): void {
    this.work.begin();
    let result: Maybe<AgentResult<I, O>>;
    try {
      result = this.processItem(item);
    } catch (error) {
      result = this.failed(item, error);
    }
    if (result instanceof Promise) {
      result.then(
        (done) => this.finish(item, done),
        (error: unknown) => this.finish(item, this.failed(item, error)),
      );
    } else this.finish(item, result);
  }

  /** A result carries what the item spent and how often it ran, whatever failed. */
  private failed(item: Item<I>, error: unknown): AgentResult<I, O> {
    return failedResult<I, O>(item, toResultError(error));
  }

  private finish(item: Item<I>, result: AgentResult<I, O>): void {
    this.cached?.settle(item, result);
    this.push(result);
    this.leaveSlot(item);
    this.intake.done();
    this.work.done();
  }

  /** Keep the run open until `work` is done; a failure becomes a warning. */
  background(work: Promise<void>, failure: 'cache_error' | 'ledger_error'): void {
    this.work.keep(work, (error) => this.warn(failure, `${failure.replace('_', ' ')}: ${messageOf(error)}`));
  }

  /** The item is done with its slot: freed now, or once its agent settles or its grace passes. */
  leaveSlot(item: Item<I>): void {
    item.slot?.done();
    item.slot = undefined;
  }

  /** The life of one item: guards, template, cache, then execution. */
  private processItem(item: Item<I>): Maybe<AgentResult<I, O>> {
    if (this.cached) return this.cached.run(item);
    const screening = this.screen(item);
    return screening ? screening.then(() => this.execute(item)) : this.execute(item);
  }

  /** Apply the input guards once (see {@link ItemGuards.screen}). */
  screen(item: Item<I>): Promise<void> | undefined {
    return this.itemGuards.screen(item);
  }

  /** Run the item's attempts, retrying what is retryable (see {@link Attempts.execute}). */
  execute(item: Item<I>): Maybe<AgentResult<I, O>> {
    return this.attempts.execute(item);
  }

  /** The answer after the output guards (see {@link ItemGuards.succeeded}). */
  succeeded(item: Item<I>, value: O): AgentResult<I, O> {
    return this.itemGuards.succeeded(item, value);
  }

  /** The aggregator's gate before an item's first attempt, if it has one. */
  gate(index: number): Promise<void> | undefined {
    return this.options.aggregate?.gate?.(index, this.stop.signal);
  }

  /** Emit a `start` event, when someone listens. */
  started(index: number, attempt: number): void {
    if (this.options.onEvent) this.emit({ type: 'start', index, attempt });
  }

  /** Run `ctx.dispatch` of an agent: a nested run drawing on its budget, under its signal. */
  dispatchChild<I2, O2, V2>(options: DispatchOptions<I2, O2, V2>, signal: AbortSignal, spend: Spend, attempt: AttemptObserver | undefined): Promise<DispatchRun<I2, O2, V2>> {
    return this.runDispatch(options, { depth: this.depth, maxDepth: this.limits.maxDepth ?? this.parent?.maxDepth, signal, spend, instrumentation: this.instrumentation, attempt });
  }

  recordFailureRate(failed: boolean): void {
    const message = this.failureRate.record(failed);
    if (message) this.stop.trip('failure_rate', message);
  }

  /** Agents that ignored their signal were released from their slots while still running. */
  private leaked(count: number, atRunEnd: boolean): void {
    this.warn('agent_ignores_signal', leakMessage(this.agent.name, count, atRunEnd, graceMsOf(this.limits)));
  }

  /** Deliver the result of an input a stop left unread by any agent. */
  skip(source: ResultSource<I>): void {
    this.push(this.skipped(source));
  }

  /** The result of an item a stop left unfinished. */
  skipped(item: ResultSource<I>): AgentResult<I, O> {
    const reason = this.stop.reason ?? 'aborted';
    return failedResult(item, { code: stopCode(reason), message: this.stop.message ?? reason } satisfies ResultError);
  }

  private push(result: AgentResult<I, O>): void {
    this.delivery.push(result);
  }

  private snapshot(): DispatchStats {
    const stats = this.stats.snapshot(this.clock.now() - this.startedAt, {
      reservedPerAgentUsd: this.limits.costPerAgentUsd,
      peakConcurrency: this.slots.peak,
      leakedAgents: this.slots.leaked,
      sourceExhausted: this.intake.exhausted,
    });
    if (this.adaptive) stats.concurrencyLimit = this.adaptive.control.stats();
    return stats;
  }

  private warn(code: string, message: string): void {
    this.emit({ type: 'warning', code, message });
  }

  private emit(event: DispatchEvent<I, O>): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // A faulty progress handler must not break the run's invariants.
    }
  }
}
