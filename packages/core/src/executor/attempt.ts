import type { Grant } from '../budget/run-budget.js';
import type { CircuitBreaker, CircuitPermit } from '../policies/circuit-breaker.js';
import { estimateOf, RateCall } from '../policies/rate-call.js';
import type { RatePermit } from '../policies/rate-limiter.js';
import { nextRetryDelay, type RetryOptions } from '../policies/retry.js';
import { toResultError } from '../errors.js';
import type { AgentResult } from './agent-result.js';
import { failedResult } from './results.js';
import type { AgentSlots } from './agent-slots.js';
import type { AgentDefinition } from './dispatch-options-shape.js';
import type { Item, Outcome } from './item.js';
import { runAgent, type AgentRunHost } from './run-agent.js';
import type { Maybe } from '../util/maybe.js';

/** What an attempt needs from its run, beyond running the agent. */
export interface AttemptHost<I, O> extends AgentRunHost {
  readonly agent: AgentDefinition<I, O>;
  readonly fallback: AgentDefinition<I, O> | undefined;
  readonly slots: AgentSlots;
  readonly circuit: CircuitBreaker | undefined;
  readonly retry: RetryOptions | undefined;
  /** The aggregator's gate before an item's first attempt, if it has one. */
  gate(index: number): Promise<void> | undefined;
  /** The result of an item a stop left unfinished. */
  skipped(item: Item<I>): AgentResult<I, O>;
  /** The answer after the output guards. */
  succeeded(item: Item<I>, value: O): AgentResult<I, O>;
  /** The item is done with its slot (its result is out, or it waits for a retry). */
  leaveSlot(item: Item<I>): void;
  /** Count a success or a failure towards `maxFailureRate`. */
  recordFailureRate(failed: boolean): void;
}

/**
 * The attempts of one run: each takes a rate-limit grant, a concurrency slot,
 * the circuit, the agent quota (`maxTotalAgents`) and the budget, in that
 * order, then runs the agent. Waits happen only where something is waited
 * for: a free slot and a memory ledger's reservation are taken at once.
 */
export class Attempts<I, O> {
  /** Executions counted against `maxTotalAgents`. */
  private admitted = 0;

  constructor(private readonly host: AttemptHost<I, O>) {}

  /** Run the item's attempts: retry what is retryable, then settle its result. */
  execute(item: Item<I>): Maybe<AgentResult<I, O>> {
    const outcome = this.run(item);
    return outcome instanceof Promise ? outcome.then((ended) => this.settle(item, ended)) : this.settle(item, outcome);
  }

  /** What the attempt's outcome makes of the item: its result, or (after a backoff) another attempt. */
  private settle(item: Item<I>, outcome: Outcome<O> | undefined): Maybe<AgentResult<I, O>> {
    const host = this.host;
    item.rate?.end(item.attempts);
    if (outcome === undefined) return host.skipped(item);
    if (outcome.kind === 'ok') {
      host.recordFailureRate(false);
      return host.succeeded(item, outcome.value);
    }
    if (outcome.kind === 'error' && this.willRetry(item, outcome.error)) {
      // The slot goes to others while this item waits for its next attempt.
      host.leaveSlot(item);
      return host.stop.sleep(nextRetryDelay(outcome.error, item.attempts, host.retry!)!).then((slept) => (slept ? this.execute(item) : host.skipped(item)));
    }
    if (outcome.kind === 'error') host.recordFailureRate(true);
    return failedResult(item, toResultError(outcome.error));
  }

  private willRetry(item: Item<I>, error: unknown): boolean {
    const { retry, stop } = this.host;
    return retry !== undefined && !stop.reason && nextRetryDelay(error, item.attempts, retry) !== undefined;
  }

  /**
   * One attempt of `item`; `undefined` when a stop skipped it before it ran.
   * Its steps, each waiting only when it must: the aggregator's gate, a
   * rate-limit grant, a slot, then the circuit, the quota and the budget.
   */
  private run(item: Item<I>): Maybe<Outcome<O> | undefined> {
    const gate = item.attempts === 0 ? this.host.gate(item.index) : undefined;
    if (!gate) return this.rated(item);
    return gate.then(
      () => (this.host.stop.reason ? undefined : this.rated(item)),
      () => undefined,
    );
  }

  /** Take a rate-limit grant, when the run has a limiter, then a slot. */
  private rated(item: Item<I>): Maybe<Outcome<O> | undefined> {
    const host = this.host;
    const limiter = host.limiter;
    if (!limiter) return this.slotted(item);
    let tokens: number;
    try {
      tokens = estimateOf(host.agent, item.agentInput, item.prompt);
    } catch (error) {
      return { kind: 'error', error };
    }
    let acquiring: Promise<RatePermit | void>;
    try {
      acquiring = limiter.acquire(host.stop.signal, tokens);
    } catch {
      return undefined;
    }
    return acquiring.then(
      (grant) => {
        item.rate = new RateCall(limiter, grant, item.attempts);
        return this.slotted(item);
      },
      () => undefined,
    );
  }

  /** Take a concurrency slot: at once when one is free. */
  private slotted(item: Item<I>): Maybe<Outcome<O> | undefined> {
    const free = this.host.slots.acquire();
    return free ? free.then(() => this.holding(item)) : this.holding(item);
  }

  /** On its slot: the circuit, then the quota and the budget. */
  private holding(item: Item<I>): Maybe<Outcome<O> | undefined> {
    const host = this.host;
    item.slot = host.slots.hold();
    if (host.stop.reason) return undefined;
    let agent = host.agent;
    let permit: CircuitPermit | undefined;
    if (host.circuit) {
      const decision = host.circuit.tryAcquire();
      if (decision.allowed) permit = decision;
      else if (host.fallback) agent = host.fallback;
      else return { kind: 'refused', error: decision.error };
    }
    let admitted: Maybe<Grant | false>;
    try {
      admitted = this.admit(agent, item);
    } catch (error) {
      return this.refused(permit, error);
    }
    if (!(admitted instanceof Promise)) return this.start(item, agent, permit, admitted);
    return admitted.then(
      (grant) => this.start(item, agent, permit, grant),
      (error: unknown) => this.refused(permit, error),
    );
  }

  private refused(permit: CircuitPermit | undefined, error: unknown): Outcome<O> {
    permit?.release();
    return { kind: 'refused', error };
  }

  /** Run the agent on its grant; a stop that came while admit() waited starts nothing. */
  private start(item: Item<I>, agent: AgentDefinition<I, O>, permit: CircuitPermit | undefined, grant: Grant | false): Maybe<Outcome<O> | undefined> {
    const host = this.host;
    if (grant === false || host.stop.reason) {
      if (grant !== false) this.unadmit(grant);
      permit?.release();
      return undefined;
    }
    item.fallback = agent === host.fallback;
    const outcome = runAgent(host, agent, item, grant);
    if (!permit) return outcome;
    return outcome instanceof Promise ? outcome.then((ended) => closeCircuit(permit, ended)) : closeCircuit(permit, outcome);
  }

  /** Count the execution against `maxTotalAgents` and reserve its budget; `false` when refused. */
  private admit(agent: AgentDefinition<I, O>, item: Item<I>): Maybe<Grant | false> {
    const { limits: { maxTotalAgents }, stop, budget } = this.host;
    if (maxTotalAgents !== undefined && this.admitted >= maxTotalAgents) {
      stop.trip('max_agents', `maxTotalAgents ${maxTotalAgents} reached; raise it to process the remaining inputs`);
      return false;
    }
    this.admitted++;
    let grant: Maybe<Grant | false>;
    try {
      grant = budget.admit(agent, item.agentInput, item.prompt);
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
    this.host.background(this.host.budget.refund(grant), 'ledger_error');
  }
}

/** Tell the circuit how the agent's call went (a cut call tells it nothing). */
function closeCircuit<O>(permit: CircuitPermit, outcome: Outcome<O>): Outcome<O> {
  if (outcome.kind === 'ok') permit.done(true);
  else if (outcome.kind === 'error') permit.done(false);
  else permit.release();
  return outcome;
}
