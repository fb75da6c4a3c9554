import { toAgentDefinition } from './agent.js';
import type { Cache } from './cache.js';
import { cacheKey } from './cache-key.js';
import { systemClock, type Clock } from './clock.js';
import { defaultCacheFor } from './default-cache.js';
import { BudgetExhaustedError, TimeoutError, toResultError, type ResultError, type StopReason } from './errors.js';
import { compileTemplate, type CompiledTemplate } from './guards/template.js';
import { inputSource, knownInputCount } from './input-source.js';
import type { Ledger } from './ledger.js';
import { checkPreflight, resolveLimits } from './limits.js';
import { memoryLedger } from './memory-ledger.js';
import { Semaphore } from './semaphore.js';
import { SingleFlight } from './single-flight.js';
import { StatsRecorder } from './stats.js';
import { isStopCode, StopSignal, stopCode } from './stop.js';
import type { AgentContext, AgentDefinition, AgentResult, DispatchEvent, DispatchOptions, DispatchStats, Limits } from './types.js';

/** How a run ended, handed to `dispatch` and `dispatchStream`. */
export interface RunOutcome {
  stats: DispatchStats;
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

/** What one agent execution ended with. */
type Outcome<O> =
  | { kind: 'ok'; value: O }
  | { kind: 'error'; error: ResultError }
  | { kind: 'cut'; error: ResultError };

/** What a cache-sharing leader hands to followers waiting on the same key. */
type Shared<O> = { ok: true; value: O } | { ok: false };

/**
 * One dispatch in progress: pulls inputs, admits each item through the
 * policies (template, cache, quotas, budget), runs the agent, reconciles, and
 * pushes exactly one result per input to the sink.
 */
export class Scheduler<I, O> {
  private readonly agent: AgentDefinition<I, O>;
  private readonly limits: Limits;
  private readonly clock: Clock;
  private readonly template: CompiledTemplate | undefined;
  private readonly cache: Cache | undefined;
  private readonly ledger: Ledger | undefined;
  private readonly flights = new SingleFlight<Shared<O>>();
  private readonly slots: Semaphore;
  private readonly stats = new StatsRecorder();
  private readonly stop: StopSignal;
  private readonly startedAt: number;
  private admitted = 0;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private executed = 0;
  private failures = 0;

  constructor(
    private readonly options: DispatchOptions<I, O, unknown>,
    private readonly sink: ResultSink<I, O>,
    private readonly depth = 0,
  ) {
    this.agent = toAgentDefinition(options.agent);
    this.limits = resolveLimits(options.limits);
    checkPreflight(this.limits, knownInputCount(options.inputs));
    this.clock = options.clock ?? systemClock;
    this.template = options.template === undefined ? undefined : compileTemplate(options.template);
    this.cache = options.cache === false ? undefined : (options.cache ?? defaultCacheFor(options.agent));
    this.ledger =
      options.ledger ??
      (this.limits.maxTotalCostUsd === undefined ? undefined : memoryLedger({ capUsd: this.limits.maxTotalCostUsd }));
    this.slots = new Semaphore(this.limits.maxConcurrent);
    this.startedAt = this.clock.now();
    this.stop = new StopSignal(this.clock, (reason, message) => this.emit({ type: 'stop', reason, message }));
  }

  /** Process every input; resolves once each has its result. */
  async run(): Promise<RunOutcome> {
    const source = inputSource(this.options.inputs);
    const detach = this.stop.watch(this.options.signal, this.limits.maxTotalDurationMs);
    let index = 0;
    try {
      while (!this.stop.reason) {
        await this.sink.ready?.();
        await this.slots.acquire();
        const next = this.stop.reason ? undefined : await source.next();
        if (!next || next.done) {
          this.slots.release();
          break;
        }
        this.track(index++, next.value);
      }
      // A stop still owes every remaining input its result.
      if (this.stop.reason) {
        for (let next = await source.next(); !next.done && !this.sink.closed?.(); next = await source.next()) {
          this.push(this.skipped(index++, next.value));
        }
      }
      await this.drained();
    } finally {
      detach();
      await source.close().catch(() => undefined);
    }
    const outcome: RunOutcome = { stats: this.snapshot(), stopReason: this.stop.reason ?? 'completed' };
    this.emit({ type: 'end', stats: outcome.stats, stopReason: outcome.stopReason });
    return outcome;
  }

  /** Process one item in the background, holding its concurrency slot until its result is out. */
  private track(index: number, input: I): void {
    this.inFlight++;
    this.process(index, input)
      .catch((error: unknown) => this.failed(index, input, toResultError(error), 0, 0, 0))
      .then((result) => {
        this.slots.release();
        this.push(result);
        if (--this.inFlight === 0) this.idle?.();
      });
  }

  private drained(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }

  /** The life of one item, from input to result. */
  private async process(index: number, input: I): Promise<AgentResult<I, O>> {
    const prompt = this.template?.render(input);
    if (!this.cache) return this.execute(index, input, prompt);

    const key = await this.keyOf(input);
    for (;;) {
      if (this.stop.reason) return this.skipped(index, input);
      const hit = await this.cacheGet(key);
      if (hit) return this.cachedResult(index, input, hit.value as O);
      const pending = this.flights.pending(key);
      if (!pending) break;
      const shared = await pending;
      if (shared.ok) return this.cachedResult(index, input, shared.value);
      // The leader failed; failures are not shared, so this item runs on its own.
    }
    let result!: AgentResult<I, O>;
    await this.flights.lead(key, async () => {
      result = await this.execute(index, input, prompt);
      if (result.ok) await this.cacheSet(key, result);
      return result.ok ? { ok: true, value: result.value as O } : { ok: false };
    });
    return result;
  }

  /** Admit the item through the quotas and the budget, then run its agent. */
  private async execute(index: number, input: I, prompt: string | undefined): Promise<AgentResult<I, O>> {
    if (this.stop.reason) return this.skipped(index, input);
    const { maxTotalAgents, costPerAgentUsd } = this.limits;
    if (maxTotalAgents !== undefined && this.admitted >= maxTotalAgents) {
      this.stop.trip('max_agents', `maxTotalAgents ${maxTotalAgents} reached; raise it to process the remaining inputs`);
      return this.skipped(index, input);
    }
    this.admitted++;
    let reservation: string | undefined;
    if (this.ledger) {
      reservation = await this.ledger.reserve(costPerAgentUsd ?? 0);
      if (reservation === undefined) {
        this.admitted--;
        this.stop.trip('budget', await this.budgetMessage());
        return this.skipped(index, input);
      }
      if (this.stop.reason) {
        this.admitted--;
        await this.ledger.release(reservation);
        return this.skipped(index, input);
      }
    }
    return this.runAgent(index, input, prompt, reservation);
  }

  /** Run the agent once, racing it against its timeout and the run's stops. */
  private async runAgent(index: number, input: I, prompt: string | undefined, reservation: string | undefined): Promise<AgentResult<I, O>> {
    const controller = new AbortController();
    const spend = new Spend(this.ledger, reservation, this.limits.costPerAgentUsd ?? 0, (usd) => this.stats.addCost(usd), (message) => this.stop.trip('budget', message));
    const ctx: AgentContext = {
      signal: controller.signal,
      prompt,
      index,
      attempt: 1,
      depth: this.depth,
      reportCost: (usd) => spend.report(usd),
      reserve: (usd) => spend.reserve(usd),
    };
    this.stats.agentStarted();
    this.emit({ type: 'start', index, attempt: 1 });
    const started = this.clock.now();

    const outcome = await new Promise<Outcome<O>>((resolve) => {
      let settled = false;
      const finish = (next: Outcome<O>) => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) this.clock.clearTimeout(timer);
        unregister();
        resolve(next);
      };
      const timeoutMs = this.limits.agentTimeoutMs;
      const timer =
        timeoutMs === undefined
          ? undefined
          : this.clock.setTimeout(() => {
              const error = new TimeoutError(`agent "${this.agent.name}" timed out after ${timeoutMs} ms; raise agentTimeoutMs or make the agent faster`);
              controller.abort(error);
              finish({ kind: 'error', error: toResultError(error) });
            }, timeoutMs);
      const unregister = this.stop.onCancel((error) => {
        controller.abort(error);
        finish({ kind: 'cut', error: toResultError(error) });
      });
      const work = (async () => this.agent.run(input, ctx))();
      work.then(
        (value) => finish({ kind: 'ok', value }),
        (error: unknown) => finish({ kind: 'error', error: toResultError(error) }),
      );
      // The reservation is held until the agent really settles, even after a
      // timeout, so an agent that ignores its signal cannot spend unbudgeted money.
      void work.then(() => spend.settle(), () => spend.settle());
    });

    const durationMs = this.clock.now() - started;
    this.stats.agentEnded(durationMs);
    if (outcome.kind !== 'cut') this.recordFailureRate(outcome.kind === 'error');
    if (outcome.kind === 'ok') {
      return { index, input, ok: true, value: outcome.value, costUsd: spend.reported, durationMs, cached: false, attempts: 1 };
    }
    return this.failed(index, input, outcome.error, spend.reported, durationMs, 1);
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

  private async budgetMessage(): Promise<string> {
    const snapshot = await this.ledger!.snapshot();
    const each = this.limits.costPerAgentUsd;
    return `budget of $${snapshot.capUsd} exhausted after ${this.stats.agentCalls} agents ($${round(snapshot.spentUsd)} spent, $${round(snapshot.reservedUsd)} reserved${each === undefined ? '' : `, $${each} needed per agent`}); raise maxTotalCostUsd${each === undefined ? '' : ' or lower costPerAgentUsd'}`;
  }

  private async keyOf(input: I): Promise<string> {
    return cacheKey({
      agent: this.agent.name,
      version: this.agent.version,
      model: this.agent.model,
      template: this.template?.source,
      input,
    });
  }

  private async cacheGet(key: string) {
    try {
      return await this.cache!.get(key);
    } catch (error) {
      this.warn('cache_error', `cache read failed, running the agent instead: ${toResultError(error).message}`);
      return undefined;
    }
  }

  private async cacheSet(key: string, result: AgentResult<I, O>): Promise<void> {
    try {
      await this.cache!.set(key, { value: result.value, costUsd: result.costUsd, storedAt: Date.now() });
    } catch (error) {
      this.warn('cache_error', `cache write failed; the result is kept but not cached: ${toResultError(error).message}`);
    }
  }

  private cachedResult(index: number, input: I, value: O): AgentResult<I, O> {
    return { index, input, ok: true, value, costUsd: 0, durationMs: 0, cached: true, attempts: 0 };
  }

  private skipped(index: number, input: I): AgentResult<I, O> {
    const reason = this.stop.reason ?? 'aborted';
    return this.failed(index, input, { code: stopCode(reason), message: this.stop.message ?? reason }, 0, 0, 0);
  }

  private failed(index: number, input: I, error: ResultError, costUsd: number, durationMs: number, attempts: number): AgentResult<I, O> {
    return { index, input, ok: false, error, costUsd, durationMs, cached: false, attempts };
  }

  private push(result: AgentResult<I, O>): void {
    // Items that never ran because the run stopped count as skipped.
    const skipped = !result.ok && result.attempts === 0 && isStopCode(result.error!.code);
    this.stats.recordResult(result, skipped);
    this.sink.push(result);
    this.emit({ type: 'result', result });
  }

  private snapshot(): DispatchStats {
    return this.stats.snapshot(this.clock.now() - this.startedAt);
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

/**
 * The money side of one agent execution: what it reported, what it holds,
 * and the settlement with the ledger once it really ends.
 */
class Spend {
  reported = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ledger: Ledger | undefined,
    private readonly reservation: string | undefined,
    private held: number,
    private readonly onCost: (usd: number) => void,
    private readonly onOverrun: (message: string) => void,
  ) {}

  report(usd: number): void {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      throw new RangeError(`reportCost expects a finite amount >= 0 in USD, got ${String(usd)}`);
    }
    this.reported += usd;
    this.onCost(usd);
    const over = this.reported - this.held;
    if (this.ledger && this.reservation !== undefined && over > 0) {
      // An agent that spends past its reservation claims the difference, so
      // the rest of the run sees the money as gone.
      this.held += over;
      this.pending = this.pending.then(async () => {
        if (!(await this.ledger!.extend(this.reservation!, over))) {
          this.onOverrun(`an agent reported $${round(this.reported)}, more than it reserved, and the budget cannot cover it; call ctx.reserve() before spending more`);
        }
      });
    }
  }

  reserve(usd: number): Promise<void> {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      return Promise.reject(new RangeError(`reserve expects a finite amount >= 0 in USD, got ${String(usd)}`));
    }
    if (!this.ledger || this.reservation === undefined) return Promise.resolve();
    const granted = this.pending.then(() => this.ledger!.extend(this.reservation!, usd));
    this.pending = granted;
    return granted.then((ok) => {
      if (!ok) throw new BudgetExhaustedError(`the budget cannot cover $${usd} more for this agent; raise maxTotalCostUsd`);
      this.held += usd;
    });
  }

  settle(): Promise<void> {
    if (!this.ledger || this.reservation === undefined) return Promise.resolve();
    const settled = this.pending.then(() => this.ledger!.commit(this.reservation!, this.reported));
    this.pending = settled;
    return settled;
  }
}

/** Start a scheduler for `options` (exposed for `dispatch`, `dispatchStream` and nested runs). */
export function startRun<I, O>(options: DispatchOptions<I, O, unknown>, sink: ResultSink<I, O>, depth = 0): Promise<RunOutcome> {
  return new Scheduler(options, sink, depth).run();
}
