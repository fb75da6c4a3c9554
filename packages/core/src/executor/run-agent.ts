import type { AimdConcurrency } from '../policies/adaptive-concurrency.js';
import { isOverload } from '../policies/adaptive-concurrency.js';
import type { Hold } from '../budget/budget-waits.js';
import type { Grant, RunBudget } from '../budget/run-budget.js';
import type { RateLimiter } from '../policies/rate-limiter.js';
import type { ResizableSemaphore } from '../policies/resizable-semaphore.js';
import { retryAfterOf } from '../policies/retry.js';
import { Spend } from '../budget/spend.js';
import { TimeoutError, toResultError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import { LazyAbort } from '../util/lazy-abort.js';
import { isThenable } from '../util/thenable.js';
import type { Maybe } from '../util/maybe.js';
import { RunContext, type ContextHost } from './agent-context.js';
import type { Slot } from './agent-slots.js';
import type { GuardedRunObserver } from './instrumentation-calls.js';
import { endAttempt, runWithin } from './instrumentation-calls.js';
import type { AttemptObserver } from './instrumentation.js';
import type { Item, Outcome } from './item.js';
import type { StatsRecorder } from './stats.js';
import type { StopSignal } from './stop.js';
import type { TimeoutQueue } from './timeout-queue.js';
import type { AgentDefinition } from './dispatch-options-shape.js';
import type { Limits } from '../limits/limits-shape.js';

/** What running one agent needs from its run. */
export interface AgentRunHost extends ContextHost {
  readonly budget: RunBudget;
  readonly stats: StatsRecorder;
  readonly clock: Clock;
  readonly stop: StopSignal;
  readonly depth: number;
  readonly limits: Limits;
  readonly timeouts: TimeoutQueue | undefined;
  readonly limiter: RateLimiter | undefined;
  readonly adaptive: { control: AimdConcurrency; slots: ResizableSemaphore } | undefined;
  readonly observer: GuardedRunObserver | undefined;
  readonly fallback: AgentDefinition<never, unknown> | undefined;
  /** Emit a `start` event, when someone listens. */
  started(index: number, attempt: number): void;
  /** Keep the run open until `work` settles; a failure becomes a `ledger_error` warning. */
  background(work: Promise<void>, failure: 'ledger_error'): void;
}

/**
 * Run `agent` once on the item, on the slot and grant it holds: its context,
 * its timeout, the run's cancelling stops, and its settlement with the budget
 * once it really ends. A synchronous answer takes no timer, no cancel
 * registration and no promise of its own.
 */
export function runAgent<I, O>(host: AgentRunHost, agent: AgentDefinition<I, O>, item: Item<I>, grant: Grant): Maybe<Outcome<O>> {
  const abort = new LazyAbort();
  const slot = item.slot!;
  const spend = new Spend(host.budget.spendRun, grant.id, grant.heldUsd, item, agent.name);
  item.attempts++;
  item.notes = undefined;
  const costBefore = item.costUsd;
  const fallback = agent === (host.fallback as unknown);
  const attempt = host.observer?.startAttempt({ index: item.index, attempt: item.attempts, agent: { name: agent.name, version: agent.version, model: agent.model }, fallback });
  const ctx = new RunContext(item.prompt, item.index, item.attempts, host.depth, abort, spend, host, item, attempt, item.rate?.report);
  host.stats.agentStarted();
  slot.start();
  item.rate?.start();
  host.started(item.index, item.attempts);
  const started = host.clock.now();
  const hold = host.budget.hold();

  let value: O | PromiseLike<O>;
  try {
    value = attempt ? runWithin(attempt, () => agent.run(item.agentInput, ctx)) : agent.run(item.agentInput, ctx);
  } catch (error) {
    value = Promise.reject(error);
  }
  if (isThenable(value)) return new AgentRace(host, agent, item, { abort, slot, hold, grant, spend, started, costBefore, attempt }, value).outcome;
  // Nothing can time a synchronous answer out or cut it.
  settleAgent(host, slot, grant, spend, hold, true);
  return ended(host, item, { kind: 'ok', value }, started, costBefore, attempt);
}

/** What an agent holds while it runs, and when it started. */
interface Held {
  abort: LazyAbort;
  slot: Slot;
  hold: Hold;
  grant: Grant;
  spend: Spend;
  started: number;
  costBefore: number;
  attempt: AttemptObserver | undefined;
}

/** The agent really ended: free its slot, learn its cost, settle its money. */
function settleAgent(host: AgentRunHost, slot: Slot, grant: Grant, spend: Spend, hold: Hold, ok: boolean): void {
  slot.settled();
  host.budget.learn(grant, spend.reported, ok);
  const closing = spend.settle(() => hold.release());
  if (closing) host.background(closing, 'ledger_error');
}

/**
 * An agent's answer racing its timeout and the run's cancelling stops. A
 * cut agent may run on: its outcome goes out now; it keeps its slot (for
 * the grace period) and its reservation until it settles. One object per
 * waiting agent, so an agent in flight keeps few small objects alive.
 */
class AgentRace<I, O> {
  readonly outcome: Promise<Outcome<O>>;
  private resolve!: (outcome: Outcome<O>) => void;
  private reject!: (error: unknown) => void;
  private finished = false;
  private readonly cancelTimeout: (() => void) | undefined;
  private readonly unregister: () => void;

  constructor(
    private readonly host: AgentRunHost,
    private readonly agent: AgentDefinition<I, O>,
    private readonly item: Item<I>,
    private readonly held: Held,
    answer: PromiseLike<O>,
  ) {
    this.outcome = new Promise<Outcome<O>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.cancelTimeout = host.timeouts?.add(() =>
      this.abandon(new TimeoutError(`agent "${agent.name}" timed out after ${host.limits.agentTimeoutMs} ms; raise agentTimeoutMs or make the agent faster`), 'error'),
    );
    this.unregister = host.stop.onCancel((error) => this.abandon(error, 'cut'));
    answer.then(
      (value) => this.answered({ kind: 'ok', value }),
      (error: unknown) => this.answered({ kind: 'error', error }),
    );
  }

  /** The agent settled: its money is settled whether or not its outcome already went out. */
  private answered(outcome: Outcome<O>): void {
    const first = this.close();
    const { slot, grant, spend, hold } = this.held;
    settleAgent(this.host, slot, grant, spend, hold, outcome.kind === 'ok');
    if (first) this.finish(outcome);
  }

  private abandon(error: unknown, kind: 'error' | 'cut'): void {
    const held = this.held;
    held.abort.abort(error);
    held.hold.abandon();
    held.slot.abandon();
    // A cut probe may never settle: its cost stays unknown, so the next start probes instead.
    this.host.budget.abandonProbe(held.grant);
    if (this.close()) this.finish({ kind, error });
  }

  /** `true` the first time: the timer and the cancel registration go. */
  private close(): boolean {
    if (this.finished) return false;
    this.finished = true;
    this.cancelTimeout?.();
    this.unregister();
    return true;
  }

  private finish(outcome: Outcome<O>): void {
    const { started, costBefore, attempt } = this.held;
    try {
      this.resolve(ended(this.host, this.item, outcome, started, costBefore, attempt));
    } catch (error) {
      this.reject(error);
    }
  }
}

/** Book the attempt's duration, feed adaptive concurrency and the limiter, end its instrumentation. */
function ended<I, O>(host: AgentRunHost, item: Item<I>, outcome: Outcome<O>, started: number, costBefore: number, attempt: AttemptObserver | undefined): Outcome<O> {
  const durationMs = host.clock.now() - started;
  item.durationMs += durationMs;
  host.stats.agentEnded(durationMs);
  const { adaptive } = host;
  if (adaptive && outcome.kind !== 'cut') {
    const overloaded = outcome.kind === 'error' && isOverload(outcome.error);
    adaptive.slots.resize(adaptive.control.record({ startedAt: started, durationMs, overloaded }));
  }
  if (outcome.kind === 'error') {
    const retryAfterMs = retryAfterOf(outcome.error);
    // A provider's retry-after (a 429) holds back everyone sharing the limiter, not just this item.
    if (retryAfterMs !== undefined) host.limiter?.pause(retryAfterMs);
  }
  if (attempt) endAttempt(attempt, {
    ok: outcome.kind === 'ok',
    ...(outcome.kind === 'ok' ? {} : { error: toResultError(outcome.error) }),
    costUsd: item.costUsd - costBefore,
    durationMs,
    ...(item.notes === undefined ? {} : { meta: item.notes }),
  });
  return outcome;
}
