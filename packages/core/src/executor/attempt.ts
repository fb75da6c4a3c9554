import type { Grant } from '../budget/run-budget.js';
import type { CircuitBreaker, CircuitPermit } from '../policies/circuit-breaker.js';
import { estimateOf, RateCall } from '../policies/rate-call.js';
import { nextRetryDelay, type RetryOptions } from '../policies/retry.js';
import { toResultError } from '../errors.js';
import type { AgentResult } from './agent-result.js';
import { failedResult } from './results.js';
import type { AgentSlots } from './agent-slots.js';
import type { AgentDefinition } from './dispatch-options-shape.js';
import type { Item, Outcome } from './item.js';
import { runAgent, type AgentRunHost } from './run-agent.js';

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
  async execute(item: Item<I>): Promise<AgentResult<I, O>> {
    const host = this.host;
    for (;;) {
      const outcome = await this.run(item);
      item.rate?.end(item.attempts);
      if (outcome === undefined) return host.skipped(item);
      if (outcome.kind === 'ok') {
        host.recordFailureRate(false);
        return host.succeeded(item, outcome.value);
      }
      if (outcome.kind === 'error' && this.willRetry(item, outcome.error)) {
        // The slot goes to others while this item waits for its next attempt.
        host.leaveSlot(item);
        if (await host.stop.sleep(nextRetryDelay(outcome.error, item.attempts, host.retry!)!)) continue;
        return host.skipped(item);
      }
      if (outcome.kind === 'error') host.recordFailureRate(true);
      return failedResult(item, toResultError(outcome.error));
    }
  }

  private willRetry(item: Item<I>, error: unknown): boolean {
    const { retry, stop } = this.host;
    return retry !== undefined && !stop.reason && nextRetryDelay(error, item.attempts, retry) !== undefined;
  }

  /** One attempt of `item`; `undefined` when a stop skipped it before it ran. */
  private async run(item: Item<I>): Promise<Outcome<O> | undefined> {
    const host = this.host;
    const gate = item.attempts === 0 ? host.gate(item.index) : undefined;
    if (gate) {
      try {
        await gate;
      } catch {
        return undefined;
      }
      if (host.stop.reason) return undefined;
    }
    if (host.limiter) {
      let tokens: number;
      try {
        tokens = estimateOf(host.agent, item.agentInput, item.prompt);
      } catch (error) {
        return { kind: 'error', error };
      }
      try {
        item.rate = new RateCall(host.limiter, await host.limiter.acquire(host.stop.signal, tokens), item.attempts);
      } catch {
        return undefined;
      }
    }
    const free = host.slots.acquire();
    if (free) await free;
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
    let grant: Grant | false;
    try {
      const admitted = this.admit(agent, item);
      grant = admitted instanceof Promise ? await admitted : admitted;
    } catch (error) {
      permit?.release();
      return { kind: 'refused', error };
    }
    // A stop may have come while admit() awaited: then nothing starts.
    if (grant === false || host.stop.reason) {
      if (grant !== false) this.unadmit(grant);
      permit?.release();
      return undefined;
    }
    item.fallback = agent === host.fallback;
    const outcome = await runAgent(host, agent, item, grant);
    if (outcome.kind === 'ok') permit?.done(true);
    else if (outcome.kind === 'error') permit?.done(false);
    else permit?.release();
    return outcome;
  }

  /** Count the execution against `maxTotalAgents` and reserve its budget; `false` when refused. */
  private admit(agent: AgentDefinition<I, O>, item: Item<I>): Grant | false | Promise<Grant | false> {
    const { limits: { maxTotalAgents }, stop, budget } = this.host;
    if (maxTotalAgents !== undefined && this.admitted >= maxTotalAgents) {
      stop.trip('max_agents', `maxTotalAgents ${maxTotalAgents} reached; raise it to process the remaining inputs`);
      return false;
    }
    this.admitted++;
    let grant: Grant | false | Promise<Grant | false>;
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
