import { toAgentDefinition } from './agent.js';
import { carvedLedger } from './carved-ledger.js';
import { BudgetWaits } from './budget-waits.js';
import { breakerFor } from './circuit-registry.js';
import type { CircuitBreaker, CircuitPermit } from './circuit-breaker.js';
import { systemClock, type Clock } from './clock.js';
import { defaultCacheFor } from './default-cache.js';
import { MaxDepthError, TimeoutError, toResultError, type ResultError, type StopReason } from './errors.js';
import { DispatchGuards, type ScreenedInput } from './guards/dispatch-guards.js';
import { compileTemplate, type CompiledTemplate } from './guards/template.js';
import { inputSource, knownInputCount, type InputSource } from './input-source.js';
import type { Ledger } from './ledger.js';
import { checkPreflight, resolveLimits } from './limits.js';
import { memoryLedger } from './memory-ledger.js';
import type { RateLimiter } from './rate-limiter.js';
import { nextRetryDelay, resolveRetry, retryAfterOf } from './retry.js';
import { sleep } from './abortable-sleep.js';
import { Semaphore } from './semaphore.js';
import { RunCache } from './run-cache.js';
import { passedScreening } from './screened-entries.js';
import { SingleFlight } from './single-flight.js';
import { Spend, type SpendRun } from './spend.js';
import { StatsRecorder } from './stats.js';
import { RunContext } from './agent-context.js';
import { LazyAbort } from './lazy-abort.js';
import { isStopCode, StopSignal, stopCode } from './stop.js';
import { TimeoutQueue } from './timeout-queue.js';
import { tokenBucket } from './token-bucket.js';
import type {
  AgentDefinition,
  AgentResult,
  DispatchEvent,
  DispatchOptions,
  DispatchRun,
  DispatchStats,
  Limits,
  ResultMeta,
} from './types.js';

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

/** Whether an item holds a concurrency slot, so it is released exactly once. */
interface Lease {
  slot: boolean;
}

/** One item on its way from input to result. */
interface Item<I> {
  lease: Lease;
  index: number;
  /** The caller's input, as it goes into the result. */
  input: I;
  /** What the agent gets: the input after the guards. */
  agentInput: I;
  prompt: string | undefined;
  meta: ResultMeta | undefined;
  /** The guards have seen the input (see {@link Scheduler.screen}). */
  screened: boolean;
  /** The injection check ran on the input and found nothing. */
  passed: boolean;
  attempts: number;
  costUsd: number;
  durationMs: number;
  fallback: boolean;
}

/**
 * One dispatch in progress: pulls inputs, admits each item through the
 * policies (template, cache, rate limit, circuit, quotas, budget), runs the
 * agent with retries, reconciles, and pushes exactly one result per input.
 */
export class Scheduler<I, O> {
  private readonly agent: AgentDefinition<I, O>;
  private readonly fallback: AgentDefinition<I, O> | undefined;
  private readonly limits: Limits;
  private readonly clock: Clock;
  private readonly template: CompiledTemplate | undefined;
  private readonly cache: RunCache | undefined;
  private readonly ledger: Ledger | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly circuit: CircuitBreaker | undefined;
  private readonly guards: DispatchGuards;
  private readonly flights = new SingleFlight<Shared<O>>();
  // Items in progress (bounds how far the input source is read ahead) and
  // agents running (maxConcurrent). Waiting for a token or a retry holds the
  // first, never the second.
  private readonly admission: Semaphore;
  private readonly slots: Semaphore;
  private readonly stats = new StatsRecorder();
  private readonly stop: StopSignal;
  private readonly startedAt: number;
  private readonly depth: number;
  private admitted = 0;
  private executed = 0;
  private failures = 0;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private readonly budgetWaits: BudgetWaits;
  private readonly timeouts: TimeoutQueue | undefined;
  private readonly spendRun: SpendRun;
  /** Inputs in the run, once known (up front for arrays, else when the source ends). */
  private expected: number | undefined;
  private settled = 0;

  constructor(
    private readonly options: DispatchOptions<I, O, unknown>,
    private readonly sink: ResultSink<I, O>,
    private readonly runDispatch: RunDispatch,
    private readonly parent?: ParentRun,
  ) {
    this.agent = toAgentDefinition(options.agent);
    this.fallback = options.fallback === undefined ? undefined : toAgentDefinition(options.fallback);
    this.limits = resolveLimits(options.limits);
    if (options.retry) resolveRetry(options.retry);
    this.expected = knownInputCount(options.inputs);
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
    this.ledger = this.ledgerFor(options, parent);
    this.limiter = options.rateLimiter ?? this.bucketFromLimits();
    this.circuit = options.circuit && breakerFor(options.circuit, this.agent.model ?? this.agent.name);
    this.admission = new Semaphore(this.limits.maxConcurrent * 2);
    this.slots = new Semaphore(this.limits.maxConcurrent);
    this.startedAt = this.clock.now();
    this.stop = new StopSignal(this.clock, (reason, message) => this.emit({ type: 'stop', reason, message }));
    this.budgetWaits = new BudgetWaits(this.stop.signal);
    const cache = options.cache === false ? undefined : (options.cache ?? defaultCacheFor(options.agent));
    this.cache = cache && new RunCache(cache, {
      work: { agent: this.agent.name, version: this.agent.version, model: this.agent.model, template: this.template?.source },
      signal: this.stop.signal,
      stopped: () => this.stop.reason !== undefined,
      warn: (code, message) => this.warn(code, message),
    });
    const timeoutMs = this.limits.agentTimeoutMs;
    this.timeouts = timeoutMs === undefined ? undefined : new TimeoutQueue(this.clock, timeoutMs);
    this.spendRun = {
      ledger: this.ledger,
      onCost: (usd) => this.stats.addCost(usd),
      onExhausted: (message) => this.stop.trip('budget', message),
      awaitRelease: () => this.budgetWaits.wait(true),
    };
  }

  /** The run's stop signal: aborts when the run stops; aggregators key their per-run state by it. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  /** Process every input; resolves once each has its result. */
  async run(): Promise<RunOutcome> {
    const source = inputSource(this.options.inputs);
    const signal = this.parent ? anySignal(this.options.signal, this.parent.signal) : this.options.signal;
    const detach = this.stop.watch(signal, this.limits.maxTotalDurationMs);
    try {
      await this.pull(source);
    } catch (error) {
      // The input source failed: cancel what runs, let it settle, then report the failure.
      this.stop.trip('aborted', `the input source failed: ${toResultError(error).message}`);
      await this.drained();
      throw error;
    } finally {
      detach();
      this.timeouts?.close();
      await source.close().catch(() => undefined);
    }
    const outcome: RunOutcome = { stats: this.snapshot(), stopReason: this.stop.reason ?? 'completed' };
    this.emit({ type: 'end', stats: outcome.stats, stopReason: outcome.stopReason });
    return outcome;
  }

  /** Pull inputs as admission allows; after a stop, give every remaining input its result. */
  private async pull(source: InputSource<I>): Promise<void> {
    let index = 0;
    while (!this.stop.reason) {
      await this.sink.ready?.();
      await this.admission.acquire();
      const next = this.stop.reason ? undefined : await source.next();
      if (!next || next.done) {
        if (next?.done) this.expected = index;
        this.admission.release();
        break;
      }
      this.track(index++, next.value);
    }
    if (this.stop.reason) {
      for (let next = await source.next(); !next.done && !this.sink.closed?.(); next = await source.next()) {
        this.push(this.skipped({ index: index++, input: next.value }));
      }
    }
    await this.drained();
  }

  /**
   * Process one item in the background. It holds its admission, and its
   * concurrency slot once it has one, until its result is out: the next agent
   * starts only after this result is counted (failure rate, early decisions).
   */
  private track(index: number, input: I): void {
    const lease: Lease = { slot: false };
    this.inFlight++;
    const done = (result: AgentResult<I, O>) => {
      this.push(result);
      this.releaseSlot(lease);
      this.admission.release();
      this.settle();
    };
    this.processItem(index, input, lease).then(done, (error: unknown) => done(failedResult<I, O>({ index, input }, toResultError(error))));
  }

  /**
   * Keep the run open until `work` is done: a cache write or a ledger
   * settlement after the item's result went out. On Workers, work left
   * running after the response may be cut off, so dispatch waits for it.
   */
  private background(work: Promise<void>, failure: string): void {
    this.inFlight++;
    work
      .catch((error: unknown) => this.warn(failure, `${failure.replace('_', ' ')}: ${toResultError(error).message}`))
      .finally(() => this.settle());
  }

  private settle(): void {
    if (--this.inFlight === 0) this.idle?.();
  }

  private releaseSlot(lease: Lease): void {
    if (!lease.slot) return;
    lease.slot = false;
    this.slots.release();
  }

  private drained(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  /** The life of one item: guards, template, cache, then execution. */
  private async processItem(index: number, input: I, lease: Lease): Promise<AgentResult<I, O>> {
    const item: Item<I> = {
      index,
      input,
      lease,
      agentInput: input,
      prompt: undefined,
      meta: undefined,
      screened: false,
      passed: false,
      attempts: 0,
      costUsd: 0,
      durationMs: 0,
      fallback: false,
    };
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
      if (outcome === undefined) return this.skipped(item);
      if (outcome.kind === 'ok') {
        this.recordFailureRate(false);
        const output = this.guards.screenOutput(outcome.value);
        if (output.meta) item.meta = { ...item.meta, ...output.meta };
        return makeResult(item, true, output.value, false);
      }
      if (outcome.kind === 'error' && this.willRetry(item, outcome.error)) {
        // The slot goes to others while this item waits for its next attempt.
        this.releaseSlot(item.lease);
        if (await this.backoff(item, outcome.error)) continue;
        return this.skipped(item);
      }
      if (outcome.kind === 'error') this.recordFailureRate(true);
      return failedResult(item, toResultError(outcome.error));
    }
  }

  private willRetry(item: Item<I>, error: unknown): boolean {
    const retry = this.options.retry;
    return retry !== undefined && !this.stop.reason && nextRetryDelay(error, item.attempts, retry) !== undefined;
  }

  /** Wait before the next attempt; `false` when the run stopped meanwhile. */
  private async backoff(item: Item<I>, error: unknown): Promise<boolean> {
    const wait = nextRetryDelay(error, item.attempts, this.options.retry!)!;
    try {
      await sleep(wait, { signal: this.stop.signal, clock: this.clock });
      return true;
    } catch {
      return false; // the run stopped while waiting
    }
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
      try {
        await this.limiter.acquire(this.stop.signal);
      } catch {
        return undefined;
      }
    }
    await this.slots.acquire();
    item.lease.slot = true;
    if (this.stop.reason) return undefined;
    let agent = this.agent;
    let permit: CircuitPermit | undefined;
    if (this.circuit) {
      const decision = this.circuit.tryAcquire();
      if (decision.allowed) permit = decision;
      else if (this.fallback) agent = this.fallback;
      else return { kind: 'refused', error: decision.error };
    }
    const reservation = await this.admit();
    // A stop may have come while admit() awaited: then nothing starts.
    if (reservation === false || this.stop.reason) {
      if (reservation !== false) this.unadmit(reservation);
      permit?.release();
      return undefined;
    }
    item.fallback = agent === this.fallback;
    const outcome = await this.runAgent(agent, item, reservation);
    if (outcome.kind === 'ok') permit?.done(true);
    else if (outcome.kind === 'error') permit?.done(false);
    else permit?.release();
    return outcome;
  }

  /** Count the execution against `maxTotalAgents` and reserve its budget; `false` when refused. */
  private async admit(): Promise<string | undefined | false> {
    const { maxTotalAgents, costPerAgentUsd } = this.limits;
    if (maxTotalAgents !== undefined && this.admitted >= maxTotalAgents) {
      this.stop.trip('max_agents', `maxTotalAgents ${maxTotalAgents} reached; raise it to process the remaining inputs`);
      return false;
    }
    this.admitted++;
    if (!this.ledger) return undefined;
    const amount = costPerAgentUsd ?? 0;
    let reservation = await this.ledger.reserve(amount);
    // Money held by running agents comes back when they settle: wait for it
    // before calling the budget exhausted.
    while (reservation === undefined && (await this.budgetWaits.wait(false))) {
      reservation = await this.ledger.reserve(amount);
    }
    if (reservation === undefined) {
      this.admitted--;
      this.stop.trip('budget', await this.budgetMessage());
      return false;
    }
    return reservation;
  }

  /** Undo {@link admit} for an execution that will not start after all. */
  private unadmit(reservation: string | undefined): void {
    this.admitted--;
    if (reservation !== undefined) this.background(this.ledger!.release(reservation), 'ledger_error');
  }

  /** Run the agent once, racing it against its timeout and the run's stops. */
  private async runAgent(agent: AgentDefinition<I, O>, item: Item<I>, reservation: string | undefined): Promise<Outcome<O>> {
    const abort = new LazyAbort();
    const spend = new Spend(this.spendRun, reservation, this.limits.costPerAgentUsd ?? 0, item);
    item.attempts++;
    const ctx = new RunContext(item.prompt, item.index, item.attempts, this.depth, abort, spend, (options) =>
      this.runDispatch(options, { depth: this.depth, maxDepth: this.limits.maxDepth ?? this.parent?.maxDepth, signal: abort.signal, spend }),
    );
    this.stats.agentStarted();
    if (this.options.onEvent) this.emit({ type: 'start', index: item.index, attempt: item.attempts });
    const started = this.clock.now();

    const hold = this.budgetWaits.hold();
    const outcome = await new Promise<Outcome<O>>((resolve) => {
      let settled = false;
      const finish = (next: Outcome<O>) => {
        if (settled) return;
        settled = true;
        cancelTimeout?.();
        unregister();
        resolve(next);
      };
      const cancelTimeout = this.timeouts?.add(() => {
        const error = new TimeoutError(`agent "${agent.name}" timed out after ${this.limits.agentTimeoutMs} ms; raise agentTimeoutMs or make the agent faster`);
        abort.abort(error);
        hold.abandon();
        finish({ kind: 'error', error });
      });
      const unregister = this.stop.onCancel((error) => {
        abort.abort(error);
        hold.abandon();
        finish({ kind: 'cut', error });
      });
      // The reservation is held until the agent really settles, even after a
      // timeout, so an agent that ignores its signal cannot spend unbudgeted money.
      const settle = spend.settles ? () => this.background(spend.settle().finally(() => hold.release()), 'ledger_error') : () => hold.release();
      (async () => agent.run(item.agentInput, ctx))().then(
        (value) => {
          finish({ kind: 'ok', value });
          settle();
        },
        (error: unknown) => {
          finish({ kind: 'error', error });
          settle();
        },
      );
    });

    const durationMs = this.clock.now() - started;
    item.durationMs += durationMs;
    this.stats.agentEnded(durationMs);
    const retryAfterMs = outcome.kind === 'error' ? retryAfterOf(outcome.error) : undefined;
    // A provider's retry-after (a 429) holds back everyone sharing the limiter, not just this item.
    if (retryAfterMs !== undefined) this.limiter?.pause(retryAfterMs);
    return outcome;
  }

  private recordFailureRate(failed: boolean): void {
    this.executed++;
    if (failed) this.failures++;
    const { maxFailureRate, failureRateMinSamples } = this.limits;
    if (maxFailureRate === undefined || this.executed < failureRateMinSamples) return;
    const rate = this.failures / this.executed;
    if (rate > maxFailureRate) {
      this.stop.trip(
        'failure_rate',
        `${this.failures} of ${this.executed} agents failed (${Math.round(rate * 100)}% > maxFailureRate ${Math.round(maxFailureRate * 100)}%); fix the agent or raise maxFailureRate`,
      );
    }
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

  private async budgetMessage(): Promise<string> {
    const snapshot = await this.ledger!.snapshot();
    const each = this.limits.costPerAgentUsd;
    return `budget of $${round(snapshot.capUsd)} exhausted after ${this.stats.agentCalls} agents ($${round(snapshot.spentUsd)} spent, $${round(snapshot.reservedUsd)} reserved${each === undefined ? '' : `, $${each} needed per agent`}); raise maxTotalCostUsd${each === undefined ? '' : ' or lower costPerAgentUsd'}`;
  }

  /** The result of an item a stop left unfinished. */
  private skipped(item: ItemLike<I>): AgentResult<I, O> {
    const reason = this.stop.reason ?? 'aborted';
    return failedResult(item, { code: stopCode(reason), message: this.stop.message ?? reason });
  }

  private push(result: AgentResult<I, O>): void {
    // Items that never ran because the run stopped count as skipped.
    const skipped = !result.ok && result.attempts === 0 && isStopCode(result.error!.code);
    this.stats.recordResult(result, skipped);
    this.settled++;
    this.sink.push(result);
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
      this.warn('aggregator_error', `the aggregator's decide() threw, so the run goes on without an early stop: ${toResultError(error).message}`);
    }
    if (decided) {
      this.stop.trip('decided', `the outcome was decided after ${this.settled} results; the remaining agents were not needed`);
    }
  }

  private snapshot(): DispatchStats {
    return this.stats.snapshot(this.clock.now() - this.startedAt, this.limits.costPerAgentUsd);
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

const round = (usd: number) => Number(usd.toFixed(6));

type ItemLike<I> = Pick<Item<I>, 'index' | 'input'> & Partial<Item<I>>;

/** The result of an item, built in one fixed shape (this runs once per input). */
function makeResult<I, O>(item: ItemLike<I>, ok: boolean, valueOrError: O | ResultError, cached: boolean): AgentResult<I, O> {
  const result: AgentResult<I, O> = {
    index: item.index,
    input: item.input,
    ok,
    costUsd: item.costUsd ?? 0,
    durationMs: item.durationMs ?? 0,
    cached,
    attempts: item.attempts ?? 0,
  };
  if (ok) result.value = valueOrError as O;
  else result.error = valueOrError as ResultError;
  const meta = item.fallback ? { ...item.meta, fallback: true } : item.meta;
  if (meta) result.meta = meta;
  return result;
}

function failedResult<I, O>(item: ItemLike<I>, error: ResultError): AgentResult<I, O> {
  return makeResult<I, O>(item, false, error, false);
}

function cachedResult<I, O>(item: Item<I>, value: O): AgentResult<I, O> {
  return makeResult(item, true, value, true);
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
