import { toAgentDefinition } from './agent.js';
import { AgentSlots, type Slot } from './agent-slots.js';
import { carvedLedger } from '../budget/carved-ledger.js';
import { breakerFor } from '../policies/circuit-registry.js';
import type { CircuitBreaker, CircuitPermit } from '../policies/circuit-breaker.js';
import { systemClock, type Clock } from '../util/clock.js';
import { defaultCacheFor } from '../cache/default-cache.js';
import { checkDispatchOptions } from './dispatch-options.js';
import { MaxDepthError, messageOf, TimeoutError, toResultError, type ResultError, type StopReason } from '../errors.js';
import { FailureRate } from './failure-rate.js';
import { DispatchGuards, type ScreenedInput } from '../guards/dispatch-guards.js';
import { compileTemplate, type CompiledTemplate } from '../guards/template.js';
import { inputSource, knownInputCount, type InputSource } from './input-source.js';
import type { AttemptObserver, DispatchInstrumentation } from './instrumentation.js';
import { endAttempt, observeRun, runWithin, type GuardedRunObserver } from './instrumentation-calls.js';
import type { Ledger } from '../budget/ledger.js';
import { checkPreflight, graceMsOf, resolveLimits } from '../limits/limits.js';
import { memoryLedger } from '../budget/memory-ledger.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import { cachedResult, failedResult, okResult, type ResultSource } from './results.js';
import { nextRetryDelay, resolveRetry, retryAfterOf } from '../policies/retry.js';
import { RunBudget, type Grant } from '../budget/run-budget.js';
import { estimateOf, RateCall } from '../policies/rate-call.js';
import { ResizableSemaphore } from '../policies/resizable-semaphore.js';
import { AimdConcurrency, isOverload } from '../policies/adaptive-concurrency.js';
import { RunCache } from '../cache/run-cache.js';
import { passedScreening } from '../cache/screened-entries.js';
import { Semaphore } from '../util/semaphore.js';
import { SingleFlight } from '../cache/single-flight.js';
import { Spend } from '../budget/spend.js';
import { StatsRecorder } from './stats.js';
import { RunContext } from './agent-context.js';
import { LazyAbort } from '../util/lazy-abort.js';
import { isStopCode, StopSignal, stopCode } from './stop.js';
import { TimeoutQueue } from './timeout-queue.js';
import { tokenBucket } from '../policies/token-bucket.js';
import type { Hold } from '../budget/budget-waits.js';
import { isThenable } from '../util/thenable.js';
import type { AgentDefinition, AgentResult, DispatchEvent, DispatchOptions, DispatchRun, DispatchStats, Limits, ResultMeta } from '../types.js';

/** How a run ended, handed to `dispatch` and `dispatchStream`. */
export interface RunOutcome {
  /** Counters of the run. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
}

/** Where the scheduler delivers results, and how it learns the consumer is behind. */
export interface ResultSink<I, O> {
  push(result: AgentResult<I, O>): void;
  /** Resolves when the consumer can take more results (stream backpressure). */
  ready?(): Promise<void> | undefined;
  /** `true` once the consumer has gone and wants no further results. */
  closed?(): boolean;
}

/** The agent a nested run (`ctx.dispatch`) runs under. */
export interface ParentRun {
  depth: number;
  maxDepth: number | undefined;
  signal: AbortSignal;
  spend: Spend;
  /** The parent run's instrumentation and the attempt the child runs inside. */
  instrumentation?: DispatchInstrumentation;
  attempt?: AttemptObserver;
}

/** Runs a whole dispatch to completion; injected so `ctx.dispatch` needs no import cycle. */
export type RunDispatch = <I, O, V>(options: DispatchOptions<I, O, V>, parent?: ParentRun) => Promise<DispatchRun<I, O, V>>;

/** What one agent execution ended with. */
type Outcome<O> =
  | { kind: 'ok'; value: O }
  | { kind: 'error'; error: unknown }
  | { kind: 'cut'; error: unknown }
  | { kind: 'refused'; error: unknown };

/** What a cache-sharing leader hands to followers waiting on the same key. */
type Shared<O> = { ok: true; value: O } | { ok: false };

/** One item on its way from input to result. */
interface Item<I> extends ResultSource<I> {
  /** What the agent gets: the input after the guards. */
  agentInput: I;
  prompt: string | undefined;
  meta: ResultMeta | undefined;
  /** What the last attempt attached with `ctx.annotate`. */
  notes: Partial<ResultMeta> | undefined;
  /** The guards have seen the input (see {@link Scheduler.screen}). */
  screened: boolean;
  /** The injection check ran on the input and found nothing. */
  passed: boolean;
  attempts: number;
  costUsd: number;
  durationMs: number;
  fallback: boolean;
  /** The concurrency slot of the current attempt, while the item holds it. */
  slot: Slot | undefined;
  /** The current attempt's rate-limiter grant, when the run has a limiter. */
  rate?: RateCall;
}

/**
 * One dispatch in progress: pulls inputs, admits each item through the
 * policies (template, cache, rate limit, circuit, quotas, budget), runs the
 * agent with retries, reconciles, and pushes exactly one result per input.
 *
 * The life of one item: {@link track} -> {@link processItem} (guards, cache)
 * -> {@link execute} (attempts and retries) -> {@link attempt} (rate limit,
 * slot, circuit, quota, budget) -> {@link runAgent} (the call, its timeout,
 * its settlement) -> {@link push}.
 */
export class Scheduler<I, O> {
  private readonly agent: AgentDefinition<I, O>;
  private readonly fallback: AgentDefinition<I, O> | undefined;
  private readonly limits: Limits;
  private readonly clock: Clock;
  private readonly template: CompiledTemplate | undefined;
  private readonly cache: RunCache | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly circuit: CircuitBreaker | undefined;
  private readonly guards: DispatchGuards;
  private readonly flights = new SingleFlight<Shared<O>>();
  // Items in progress (bounds how far the input source is read ahead) and
  // agents running (maxConcurrent). Waiting for a token or a retry holds the
  // first, never the second.
  private readonly admission: Semaphore;
  private readonly slots: AgentSlots;
  private readonly adaptive: { control: AimdConcurrency; slots: ResizableSemaphore } | undefined;
  private readonly stats = new StatsRecorder();
  private readonly stop: StopSignal;
  private readonly budget: RunBudget;
  private readonly failureRate: FailureRate;
  private readonly startedAt: number;
  private readonly depth: number;
  private admitted = 0;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private readonly timeouts: TimeoutQueue | undefined;
  /** Inputs in the run, once known (up front for arrays, else when the source ends). */
  private expected: number | undefined;
  /** Whether the count of inputs was known before the run read them (arrays, Sets, Maps). */
  private readonly knownLength: boolean;
  private sourceExhausted = true;
  /** A `next()` of the input source that a stop left unanswered. */
  private unansweredRead = false;
  private settled = 0;
  private readonly observer: GuardedRunObserver | undefined;
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
    this.expected = knownInputCount(options.inputs);
    this.knownLength = this.expected !== undefined;
    checkPreflight(this.limits, this.expected);
    this.depth = parent ? parent.depth + 1 : 0;
    const maxDepth = this.limits.maxDepth ?? parent?.maxDepth;
    if (maxDepth !== undefined && this.depth > maxDepth) {
      throw new MaxDepthError(`a nested dispatch at depth ${this.depth} exceeds maxDepth ${maxDepth}; flatten the work or raise maxDepth`);
    }
    this.clock = options.clock ?? systemClock;
    this.template = options.template === undefined ? undefined : compileTemplate(options.template);
    this.guards = new DispatchGuards(options.guards);
    this.guards.checkTemplate(options.template);
    this.limiter = options.rateLimiter ?? this.bucketFromLimits();
    this.circuit = options.circuit && breakerFor(options.circuit, this.agent.model ?? this.agent.name);
    this.admission = new Semaphore(this.limits.maxConcurrent * 2);
    const adaptive = this.limits.adaptiveConcurrency;
    const control = adaptive ? new AimdConcurrency(this.limits.maxConcurrent, adaptive === true ? {} : adaptive) : undefined;
    this.adaptive = control && { control, slots: new ResizableSemaphore(control.limit) };
    this.slots = new AgentSlots(this.adaptive?.slots ?? new Semaphore(this.limits.maxConcurrent), this.clock, graceMsOf(this.limits), (count, atRunEnd) => this.leaked(count, atRunEnd));
    this.startedAt = this.clock.now();
    this.stop = new StopSignal(this.clock, (reason, message) => this.emit({ type: 'stop', reason, message }));
    this.failureRate = new FailureRate(this.limits.maxFailureRate, this.limits.failureRateMinSamples);
    this.budget = new RunBudget(this.ledgerFor(options, parent), this.limits, this.stop, {
      onCost: (usd) => this.stats.addCost(usd),
      warn: (code, message) => this.warn(code, message),
      agentCalls: () => this.stats.agentCalls,
    });
    const cache = options.cache === false ? undefined : (options.cache ?? defaultCacheFor(options.agent));
    this.cache = cache && new RunCache(cache, {
      work: { agent: this.agent.name, version: this.agent.version, model: this.agent.model, template: this.template?.source },
      signal: this.stop.signal,
      stopped: () => this.stop.reason !== undefined,
      warn: (code, message) => this.warn(code, message),
    });
    const timeoutMs = this.limits.agentTimeoutMs;
    this.timeouts = timeoutMs === undefined ? undefined : new TimeoutQueue(this.clock, timeoutMs);
    this.instrumentation = options.instrumentation ?? parent?.instrumentation;
    this.observer = this.instrumentation && observeRun(this.instrumentation, {
      agent: { name: this.agent.name, version: this.agent.version, model: this.agent.model },
      limits: this.limits,
      depth: this.depth,
      inputCount: this.expected,
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
      await this.pull(source);
    } catch (error) {
      // The input source failed: cancel what runs, let it settle, then report the failure.
      this.stop.trip('aborted', `the input source failed: ${messageOf(error)}`);
      await this.drained();
      this.observer?.end({ stats: this.snapshot(), stopReason: 'aborted', stopMessage: this.stop.message });
      throw error;
    } finally {
      detach();
      this.timeouts?.close();
      this.slots.close();
      // A read the stop left unanswered would hold return() behind it: close without waiting.
      const closing = source.close().catch(() => undefined);
      if (!this.unansweredRead) await closing;
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
   * Pull inputs as admission allows. After a stop, a known-length source
   * (array, Set, Map) is read to its end so every input gets its result; a
   * lazy source stops being read at once and is closed.
   */
  private async pull(source: InputSource<I>): Promise<void> {
    let index = 0;
    while (!this.stop.reason) {
      // Each await only when there is something to wait for: an array input costs no microtask per item here.
      const ready = this.sink.ready?.();
      if (ready) await ready;
      const admitted = this.admission.acquire();
      if (admitted) await admitted;
      let next = this.stop.reason ? undefined : this.read(source);
      if (next instanceof Promise) next = await next;
      if (!next || next.done) {
        if (next?.done) this.expected = index;
        this.admission.release();
        break;
      }
      this.track(index++, next.value);
    }
    if (this.stop.reason && this.expected === undefined) this.sourceExhausted = false;
    if (this.stop.reason && this.knownLength) {
      for (let next = await source.next(); !next.done && !this.sink.closed?.(); next = await source.next()) {
        this.push(this.skipped({ index: index++, input: next.value }));
      }
    }
    await this.drained();
  }

  /** The next input (at once from a synchronous source); for a lazy source, `undefined` when a stop comes first. */
  private read(source: InputSource<I>): IteratorResult<I> | Promise<IteratorResult<I> | undefined> {
    const next = source.next();
    if (!(next instanceof Promise)) return next;
    return this.stop.until(next).then((read) => {
      if (read === undefined) this.unansweredRead = true;
      return read;
    });
  }

  /**
   * Process one item in the background. It holds its admission, and its
   * concurrency slot once it has one, until its result is out: the next agent
   * starts only after this result is counted (failure rate, early decisions).
   */
  private track(index: number, input: I): void {
    const item: Item<I> = {
      index,
      input,
      agentInput: input,
      prompt: undefined,
      meta: undefined,
      notes: undefined,
      screened: false,
      passed: false,
      attempts: 0,
      costUsd: 0,
      durationMs: 0,
      fallback: false,
      slot: undefined,
    };
    this.inFlight++;
    const done = (result: AgentResult<I, O>) => {
      this.push(result);
      this.leaveSlot(item);
      this.admission.release();
      this.settle();
    };
    // A result carries what the item spent and how often it ran, whatever failed.
    this.processItem(item).then(done, (error: unknown) => done(failedResult<I, O>(item, toResultError(error))));
  }

  /**
   * Keep the run open until `work` is done: a cache write or a ledger
   * settlement after the item's result went out. On Workers, work left
   * running after the response may be cut off, so dispatch waits for it.
   */
  private background(work: Promise<void>, failure: 'cache_error' | 'ledger_error'): void {
    this.inFlight++;
    work
      .catch((error: unknown) => this.warn(failure, `${failure.replace('_', ' ')}: ${messageOf(error)}`))
      .finally(() => this.settle());
  }

  private settle(): void {
    if (--this.inFlight === 0) this.idle?.();
  }

  /** The item is done with its slot: freed now, or once its agent settles or its grace passes. */
  private leaveSlot(item: Item<I>): void {
    item.slot?.done();
    item.slot = undefined;
  }

  private drained(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  /** The life of one item: guards, template, cache, then execution. */
  private async processItem(item: Item<I>): Promise<AgentResult<I, O>> {
    if (!this.cache) {
      const screening = this.screen(item);
      if (screening) await screening;
      return this.execute(item);
    }

    // Keyed on what the agent sees: with guards.redactInputs, the redacted input.
    if (this.guards.redactsInputs) {
      const screening = this.screen(item);
      if (screening) await screening;
    }
    const key = this.cache.keyOf(item.agentInput);
    // An input the key cannot represent faithfully runs uncached, never under a shared key.
    if (key === undefined) {
      const screening = this.screen(item);
      if (screening) await screening;
      return this.execute(item);
    }
    for (;;) {
      // A budget or agent-count stop starts no agent, but a cached answer costs nothing: still serve it.
      if (this.stop.cancelling) return this.skipped(item);
      const found = this.cache.get(key);
      // A memory cache answers at once: no await, so no microtask per item.
      const hit = found instanceof Promise ? await found : found;
      if (hit) {
        // The injection check is a pure function of the input: an entry stored
        // here after this very input passed it needs no second check.
        if (!passedScreening(hit)) {
          const screening = this.screen(item);
          if (screening) await screening;
        }
        return cachedResult(item, hit.value as O);
      }
      const screening = this.screen(item);
      if (screening) await screening;
      const pending = this.flights.pending(key);
      if (!pending) break;
      const shared = await pending;
      if (shared.ok) return cachedResult(item, shared.value);
      // The leader failed; failures are not shared, so this item runs on its own.
    }
    return this.lead(item, key);
  }

  /**
   * Run the item as the one execution of its key in this process (items
   * with the same key wait for its value), or take the value another
   * process stored while this one waited for its cross-process lead.
   */
  private async lead(item: Item<I>, key: string): Promise<AgentResult<I, O>> {
    const share = this.flights.lead(key);
    // Failures are not shared: on { ok: false } each waiting item runs on its own.
    let shared: Shared<O> = { ok: false };
    try {
      const remote = this.cache!.coordinates ? await this.cache!.lead(key) : undefined;
      if (remote === 'stopped') return this.skipped(item);
      if (remote?.kind === 'hit') {
        const result = cachedResult<I, O>(item, remote.entry.value as O);
        shared = { ok: true, value: result.value as O };
        return result;
      }
      let result: AgentResult<I, O>;
      try {
        result = await this.execute(item);
      } catch (error) {
        if (remote) this.background(remote.release(), 'cache_error');
        throw error;
      }
      // A fallback's answer is not the agent's: it is served once, never cached.
      const cacheable = result.ok && !item.fallback;
      // Other processes waiting on the lead look for the value once it is released.
      const stored = cacheable ? this.cache!.set(key, result.value, result.costUsd, item.passed && !this.guards.redactsInputs) : undefined;
      if (remote) this.background(Promise.resolve(stored).then(() => remote.release()), 'cache_error');
      else if (stored) this.background(stored, 'cache_error');
      if (cacheable) shared = { ok: true, value: result.value as O };
      return result;
    } finally {
      share(shared);
    }
  }

  /**
   * Apply the input guards once: injection check (throws under 'reject',
   * failing the item), redaction, then the template on what the agent gets.
   */
  private screen(item: Item<I>): Promise<void> | undefined {
    if (item.screened) return undefined;
    const screened = this.guards.screenInput(item.input, this.stop.signal);
    // Only an async injection detector makes the caller await; the built-in rules answer at once.
    if (screened instanceof Promise) return screened.then((settled) => this.applyScreen(item, settled));
    this.applyScreen(item, screened);
    return undefined;
  }

  private applyScreen(item: Item<I>, screened: ScreenedInput<I>): void {
    item.screened = true;
    item.agentInput = screened.input;
    item.meta = screened.meta;
    item.passed = screened.passed;
    item.prompt = this.template?.render(screened.input);
  }

  /** Run the item's attempts: retry what is retryable, then settle its result. */
  private async execute(item: Item<I>): Promise<AgentResult<I, O>> {
    for (;;) {
      const outcome = await this.attempt(item);
      item.rate?.end(item.attempts);
      if (outcome === undefined) return this.skipped(item);
      if (outcome.kind === 'ok') {
        this.recordFailureRate(false);
        return this.succeeded(item, outcome.value);
      }
      if (outcome.kind === 'error' && this.willRetry(item, outcome.error)) {
        // The slot goes to others while this item waits for its next attempt.
        this.leaveSlot(item);
        if (await this.stop.sleep(nextRetryDelay(outcome.error, item.attempts, this.options.retry!)!)) continue;
        return this.skipped(item);
      }
      if (outcome.kind === 'error') this.recordFailureRate(true);
      return failedResult(item, toResultError(outcome.error));
    }
  }

  /** The result of an agent's answer, after the output guards; an output they cannot process fails the item. */
  private succeeded(item: Item<I>, value: O): AgentResult<I, O> {
    let output: ReturnType<DispatchGuards['screenOutput']>;
    try {
      output = this.guards.screenOutput(value);
    } catch (error) {
      return failedResult(item, {
        code: 'agent_error',
        message: `the agent's answer could not be screened by the output guards (${messageOf(error)}); it was not returned. Return a smaller or flatter value, or turn guards.redactOutputs off`,
      });
    }
    if (output.meta) item.meta = { ...item.meta, ...output.meta };
    return okResult(item, output.value as O);
  }

  private willRetry(item: Item<I>, error: unknown): boolean {
    const retry = this.options.retry;
    return retry !== undefined && !this.stop.reason && nextRetryDelay(error, item.attempts, retry) !== undefined;
  }

  /**
   * One attempt: a rate-limit token, a concurrency slot, the circuit, the
   * agent quota and the budget, then the agent. `undefined` when a stop
   * skipped it before it ran.
   */
  private async attempt(item: Item<I>): Promise<Outcome<O> | undefined> {
    const gate = item.attempts === 0 ? this.options.aggregate?.gate?.(item.index, this.stop.signal) : undefined;
    if (gate) {
      try {
        await gate;
      } catch {
        return undefined;
      }
      if (this.stop.reason) return undefined;
    }
    if (this.limiter) {
      let tokens: number;
      try {
        tokens = estimateOf(this.agent, item.agentInput, item.prompt);
      } catch (error) {
        return { kind: 'error', error };
      }
      try {
        item.rate = new RateCall(this.limiter, await this.limiter.acquire(this.stop.signal, tokens), item.attempts);
      } catch {
        return undefined;
      }
    }
    const slot = this.slots.acquire();
    if (slot) await slot;
    item.slot = this.slots.hold();
    if (this.stop.reason) return undefined;
    let agent = this.agent;
    let permit: CircuitPermit | undefined;
    if (this.circuit) {
      const decision = this.circuit.tryAcquire();
      if (decision.allowed) permit = decision;
      else if (this.fallback) agent = this.fallback;
      else return { kind: 'refused', error: decision.error };
    }
    let grant: Grant | false;
    try {
      const admitted = this.admit(agent, item);
      grant = admitted instanceof Promise ? await admitted : admitted;
    } catch (error) {
      permit?.release();
      return { kind: 'refused', error };
    }
    // A stop may have come while admit() awaited: then nothing starts.
    if (grant === false || this.stop.reason) {
      if (grant !== false) this.unadmit(grant);
      permit?.release();
      return undefined;
    }
    item.fallback = agent === this.fallback;
    const outcome = await this.runAgent(agent, item, grant);
    if (outcome.kind === 'ok') permit?.done(true);
    else if (outcome.kind === 'error') permit?.done(false);
    else permit?.release();
    return outcome;
  }

  /** Count the execution against `maxTotalAgents` and reserve its budget; `false` when refused. */
  private admit(agent: AgentDefinition<I, O>, item: Item<I>): Grant | false | Promise<Grant | false> {
    const { maxTotalAgents } = this.limits;
    if (maxTotalAgents !== undefined && this.admitted >= maxTotalAgents) {
      this.stop.trip('max_agents', `maxTotalAgents ${maxTotalAgents} reached; raise it to process the remaining inputs`);
      return false;
    }
    this.admitted++;
    let grant: Grant | false | Promise<Grant | false>;
    try {
      grant = this.budget.admit(agent, item.agentInput, item.prompt);
    } catch (error) {
      this.admitted--;
      throw error;
    }
    if (!(grant instanceof Promise)) return this.counted(grant);
    return grant.then(
      (granted) => this.counted(granted),
      (error: unknown) => {
        this.admitted--;
        throw error;
      },
    );
  }

  private counted(grant: Grant | false): Grant | false {
    if (grant === false) this.admitted--;
    return grant;
  }

  /** Undo {@link admit} for an execution that will not start after all. */
  private unadmit(grant: Grant): void {
    this.admitted--;
    this.background(this.budget.refund(grant), 'ledger_error');
  }

  /** Run the agent once, racing it against its timeout and the run's stops. */
  private async runAgent(agent: AgentDefinition<I, O>, item: Item<I>, grant: Grant): Promise<Outcome<O>> {
    const abort = new LazyAbort();
    const slot = item.slot!;
    const spend = new Spend(this.budget.spendRun, grant.id, grant.heldUsd, item, agent.name);
    item.attempts++;
    item.notes = undefined;
    const costBefore = item.costUsd;
    const attempt = this.observer?.startAttempt({ index: item.index, attempt: item.attempts, agent: { name: agent.name, version: agent.version, model: agent.model }, fallback: agent === this.fallback });
    const ctx = new RunContext(
      item.prompt,
      item.index,
      item.attempts,
      this.depth,
      abort,
      spend,
      (options) =>
        this.runDispatch(options, { depth: this.depth, maxDepth: this.limits.maxDepth ?? this.parent?.maxDepth, signal: abort.signal, spend, instrumentation: this.instrumentation, attempt }),
      (meta) => void (item.notes = { ...item.notes, ...meta }),
      item.rate?.report,
    );
    this.stats.agentStarted();
    slot.start();
    item.rate?.start();
    if (this.options.onEvent) this.emit({ type: 'start', index: item.index, attempt: item.attempts });
    const started = this.clock.now();

    const hold = this.budget.hold();
    const settled = (ok: boolean) => {
      slot.settled();
      this.budget.learn(grant, spend.reported, ok);
      const closing = spend.settle(() => hold.release());
      if (closing) this.background(closing, 'ledger_error');
    };
    let outcome: Outcome<O>;
    let value: O | PromiseLike<O>;
    try {
      value = attempt ? runWithin(attempt, () => agent.run(item.agentInput, ctx)) : agent.run(item.agentInput, ctx);
    } catch (error) {
      value = Promise.reject(error);
    }
    if (isThenable(value)) outcome = await this.raceAgent(agent, value, abort, slot, hold, grant, settled);
    else {
      // A synchronous answer: nothing can time it out or cut it, so no timer, no cancel registration, no promise.
      outcome = { kind: 'ok', value };
      settled(true);
    }

    const durationMs = this.clock.now() - started;
    item.durationMs += durationMs;
    this.stats.agentEnded(durationMs);
    if (this.adaptive && outcome.kind !== 'cut') {
      const overloaded = outcome.kind === 'error' && isOverload(outcome.error);
      this.adaptive.slots.resize(this.adaptive.control.record({ startedAt: started, durationMs, overloaded }));
    }
    const retryAfterMs = outcome.kind === 'error' ? retryAfterOf(outcome.error) : undefined;
    // A provider's retry-after (a 429) holds back everyone sharing the limiter, not just this item.
    if (retryAfterMs !== undefined) this.limiter?.pause(retryAfterMs);
    if (attempt) endAttempt(attempt, {
      ok: outcome.kind === 'ok',
      ...(outcome.kind === 'ok' ? {} : { error: toResultError(outcome.error) }),
      costUsd: item.costUsd - costBefore,
      durationMs,
      ...(item.notes === undefined ? {} : { meta: item.notes }),
    });
    return outcome;
  }

  /**
   * Wait for an agent's answer, racing it against its timeout and the run's
   * cancelling stops. A cut agent may run on: its result goes out now; it
   * keeps its slot (for the grace period) and its reservation until it settles.
   */
  private raceAgent(
    agent: AgentDefinition<I, O>,
    answer: PromiseLike<O>,
    abort: LazyAbort,
    slot: Slot,
    hold: Hold,
    grant: Grant,
    settled: (ok: boolean) => void,
  ): Promise<Outcome<O>> {
    return new Promise<Outcome<O>>((resolve) => {
      let finished = false;
      const finish = (next: Outcome<O>) => {
        if (finished) return;
        finished = true;
        cancelTimeout?.();
        unregister();
        resolve(next);
      };
      const abandon = (error: unknown, kind: 'error' | 'cut') => {
        abort.abort(error);
        hold.abandon();
        slot.abandon();
        // A cut probe may never settle: its cost stays unknown, so the next start probes instead.
        this.budget.abandonProbe(grant);
        finish({ kind, error });
      };
      const cancelTimeout = this.timeouts?.add(() =>
        abandon(new TimeoutError(`agent "${agent.name}" timed out after ${this.limits.agentTimeoutMs} ms; raise agentTimeoutMs or make the agent faster`), 'error'),
      );
      const unregister = this.stop.onCancel((error) => abandon(error, 'cut'));
      answer.then(
        (value) => {
          finish({ kind: 'ok', value });
          settled(true);
        },
        (error: unknown) => {
          finish({ kind: 'error', error });
          settled(false);
        },
      );
    });
  }

  private recordFailureRate(failed: boolean): void {
    const message = this.failureRate.record(failed);
    if (message) this.stop.trip('failure_rate', message);
  }

  /** Agents that ignored their signal were released from their slots while still running. */
  private leaked(count: number, atRunEnd: boolean): void {
    this.warn(
      'agent_ignores_signal',
      atRunEnd
        ? `${count} agent${count === 1 ? '' : 's'} still ran after their signal was aborted when the run ended; they were released and may still spend. Pass ctx.signal to every call the agent makes`
        : `an agent of "${this.agent.name}" ignored its aborted signal for ${graceMsOf(this.limits)} ms (timeoutGraceMs); its concurrency slot was released while it still runs. Pass ctx.signal to every call the agent makes`,
    );
  }

  private ledgerFor(options: DispatchOptions<I, O, unknown>, parent: ParentRun | undefined): Ledger | undefined {
    if (options.ledger) return options.ledger;
    const cap = this.limits.maxTotalCostUsd;
    // A nested run draws on its parent agent's budget.
    if (parent) return carvedLedger(parent.spend, cap);
    return cap === undefined ? undefined : memoryLedger({ capUsd: cap });
  }

  private bucketFromLimits(): RateLimiter | undefined {
    const { requestsPerSecond, burst } = this.limits;
    return requestsPerSecond === undefined ? undefined : tokenBucket({ requestsPerSecond, burst, clock: this.clock });
  }

  /** The result of an item a stop left unfinished. */
  private skipped(item: ResultSource<I>): AgentResult<I, O> {
    const reason = this.stop.reason ?? 'aborted';
    return failedResult(item, { code: stopCode(reason), message: this.stop.message ?? reason } satisfies ResultError);
  }

  private push(result: AgentResult<I, O>): void {
    // Items that never ran because the run stopped count as skipped.
    const skipped = !result.ok && result.attempts === 0 && isStopCode(result.error.code);
    this.stats.recordResult(result, skipped);
    this.settled++;
    this.sink.push(result);
    this.observer?.result(result);
    if (this.options.onEvent) this.emit({ type: 'result', result });
    this.decide(result);
  }

  /** Let the aggregator end the run once its outcome cannot change. */
  private decide(result: AgentResult<I, O>): void {
    const decide = this.options.aggregate?.decide;
    if (!decide || this.stop.reason) return;
    const pending = this.expected === undefined ? undefined : this.expected - this.settled;
    let decided = false;
    try {
      decided = decide.call(this.options.aggregate, result, { settled: this.settled, pending, signal: this.stop.signal });
    } catch (error) {
      this.warn('aggregator_error', `the aggregator's decide() threw, so the run goes on without an early stop: ${messageOf(error)}`);
    }
    if (decided) {
      this.stop.trip('decided', `the outcome was decided after ${this.settled} results; the remaining agents were not needed`);
    }
  }

  private snapshot(): DispatchStats {
    const stats = this.stats.snapshot(this.clock.now() - this.startedAt, {
      reservedPerAgentUsd: this.limits.costPerAgentUsd,
      peakConcurrency: this.slots.peak,
      leakedAgents: this.slots.leaked,
      sourceExhausted: this.sourceExhausted,
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

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
