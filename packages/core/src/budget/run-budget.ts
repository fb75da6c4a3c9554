import { BudgetWaits, type Hold } from './budget-waits.js';
import { AgentError } from '../errors.js';
import type { Ledger } from './ledger.js';
import type { LedgerBook } from './ledger-book.js';
import { ledgerBookOf } from './memory-ledger.js';
import { formatUsd, isAmount } from './money.js';
import type { SpendRun } from './spend.js';
import type { StopSignal } from '../executor/stop.js';
import type { AgentDefinition } from '../executor/dispatch-options-shape.js';
import type { Limits } from '../limits/limits-shape.js';

/** The part of an agent the budget looks at: whether it estimates its own cost. */
type CostEstimator = { estimateCostUsd?: unknown };

/** The grant of every start of a run without a budget. */
const NO_BUDGET: Grant = Object.freeze({ id: undefined, heldUsd: 0, probe: false });

/** A reservation granted for one agent start. */
export interface Grant {
  /** The ledger's reservation id (`undefined` without a ledger). */
  id: string | undefined;
  /** USD it holds. */
  heldUsd: number;
  /** This start runs alone to learn what an agent costs (no reservation size is known yet). */
  probe: boolean;
}

/** What {@link RunBudget} reports back to its run. */
export interface RunBudgetEvents {
  /** Count a reported amount in the run's stats. */
  onCost(usd: number): void;
  /** Emit a warning event. */
  warn(code: 'budget_unreserved' | 'budget_overshoot' | 'late_cost_report', message: string): void;
  /** Agent executions so far, for messages. */
  agentCalls(): number;
}

/**
 * The money side of one run: how much each start reserves (the largest of
 * `costPerAgentUsd`, the agent's `estimateCostUsd` and the highest cost seen
 * so far), the first agent running alone while no size is known, waits for
 * money other agents hold, and overshoots (an agent that reported more than
 * it held when the budget could not cover it: the run stops at once).
 */
export class RunBudget {
  /** The highest cost an agent of this run reported, in USD. */
  private learnedUsd = 0;
  /** Whether an agent's cost is known (one succeeded, or reported a cost). */
  private costKnown = false;
  private probe: { done: Promise<void>; end: () => void } | undefined;
  private overshoot = false;
  private claimsPending = 0;
  private claims: Promise<unknown> = Promise.resolve();
  readonly waits: BudgetWaits;
  /** The memory ledger's book, booked at once, when the ledger is one. */
  private readonly book: LedgerBook | undefined;
  /** The side of the run every agent's `Spend` talks to. */
  readonly spendRun: SpendRun;

  constructor(
    readonly ledger: Ledger | undefined,
    private readonly limits: Limits,
    private readonly stop: StopSignal,
    private readonly events: RunBudgetEvents,
  ) {
    this.waits = new BudgetWaits(stop.signal);
    this.book = ledgerBookOf(ledger);
    // A stop wakes items waiting for the probe: they give up.
    stop.signal.addEventListener('abort', () => this.endProbe(), { once: true });
    this.spendRun = {
      ledger,
      book: this.book,
      onCost: (usd) => events.onCost(usd),
      onExhausted: (message) => stop.trip('budget', message),
      onOvershoot: (who, reported, held) => this.overshot(who, reported, held),
      overshot: () => this.overshoot,
      onClaim: (claim) => this.track(claim),
      onLateReport: (message) => events.warn('late_cost_report', message),
      awaitRelease: () => this.waits.wait(true),
    };
  }

  /** Warn once at the start of a run whose cap no reservation size backs. */
  checkReservations(agent: CostEstimator): void {
    if (!this.ledger || this.limits.costPerAgentUsd !== undefined || agent.estimateCostUsd) return;
    this.events.warn(
      'budget_unreserved',
      'the run has a budget but agents reserve nothing before they start: the first agent runs alone until its cost is known, then each start reserves the highest cost seen so far. Set costPerAgentUsd, or give the agent estimateCostUsd, to make the cap exact',
    );
  }

  /**
   * USD to reserve for starting `agent` on `input`: the largest of
   * `costPerAgentUsd`, the agent's estimate and the highest cost seen.
   * @throws AgentError when the agent's `estimateCostUsd` throws or returns no amount.
   */
  reservationFor<I>(agent: AgentDefinition<I, unknown>, input: I, prompt: string | undefined): number {
    let estimate = 0;
    if (agent.estimateCostUsd) {
      let value: unknown;
      try {
        value = agent.estimateCostUsd(input, prompt);
      } catch (error) {
        throw new AgentError(`estimateCostUsd of agent "${agent.name}" threw, so the item was not started`, { cause: error });
      }
      if (!isAmount(value)) {
        throw new AgentError(`estimateCostUsd of agent "${agent.name}" must return a finite number of USD >= 0, got ${String(value)}`);
      }
      estimate = value;
    }
    return Math.max(this.limits.costPerAgentUsd ?? 0, estimate, this.learnedUsd);
  }

  /**
   * Reserve for starting `agent` on `input` ({@link reservationFor}), waiting while a probe runs or while
   * other agents hold money that may come back. `false` when refused: the
   * run has stopped, or the budget is exhausted (then this trips the stop).
   */
  admit<I>(agent: AgentDefinition<I, unknown>, input: I, prompt: string | undefined): Grant | false | Promise<Grant | false> {
    if (!this.ledger) return NO_BUDGET;
    const book = this.book;
    // A memory ledger with nothing to wait for books at once: no promise per agent.
    if (book && this.claimsPending === 0 && !this.stop.reason && !this.needsProbe(agent)) {
      const amountUsd = this.reservationFor(agent, input, prompt);
      const id = book.reserve(amountUsd);
      if (id !== undefined) return { id, heldUsd: amountUsd, probe: false };
    }
    return this.admitWaiting(agent, input, prompt);
  }

  private async admitWaiting<I>(agent: AgentDefinition<I, unknown>, input: I, prompt: string | undefined): Promise<Grant | false> {
    const ledger = this.ledger!;
    // An overshoot claimed but not yet answered by the ledger: let it land first.
    if (this.claimsPending > 0) await this.claims;
    while (this.needsProbe(agent) && this.probe) await this.probe.done;
    if (this.stop.reason) return false;
    // Sized after the waits, so it includes what the probe (or any agent before) cost.
    const amountUsd = this.reservationFor(agent, input, prompt);
    const probe = this.needsProbe(agent);
    if (probe) this.startProbe();
    let id = await ledger.reserve(amountUsd);
    // Money held by running agents comes back when they settle: wait for it
    // before calling the budget exhausted.
    while (id === undefined && (await this.waits.wait(false))) id = await ledger.reserve(amountUsd);
    if (id === undefined) {
      if (probe) this.endProbe();
      this.stop.trip('budget', await this.exhaustedMessage());
      return false;
    }
    return { id, heldUsd: amountUsd, probe };
  }

  /** A grant that will not start after all: give it back. */
  async refund(grant: Grant): Promise<void> {
    if (grant.probe) this.endProbe();
    if (grant.id !== undefined) await this.ledger!.release(grant.id);
  }

  /** An agent holds its reservation while it runs (see {@link BudgetWaits}). */
  hold(): Hold {
    return this.waits.hold();
  }

  /**
   * An agent settled having reported `reportedUsd`: later starts reserve at
   * least that much. A probe ends here.
   */
  learn(grant: Grant, reportedUsd: number, ok: boolean): void {
    if (reportedUsd > this.learnedUsd) this.learnedUsd = reportedUsd;
    if (ok || reportedUsd > 0) this.costKnown = true;
    if (grant.probe) this.endProbe();
  }

  /** A probe agent was cut (timeout, stop) and may never settle: let the next start probe. */
  abandonProbe(grant: Grant): void {
    if (grant.probe) this.endProbe();
  }

  /** Money spent past the cap, in USD, once the run is over; `undefined` when the run has no cap. */
  async overshootUsd(): Promise<number | undefined> {
    if (!this.ledger) return undefined;
    try {
      const { capUsd, spentUsd } = await this.ledger.snapshot();
      if (!Number.isFinite(capUsd)) return undefined;
      return Math.max(0, Math.round((spentUsd - capUsd) * 1e9) / 1e9);
    } catch {
      return undefined;
    }
  }

  private needsProbe(agent: CostEstimator): boolean {
    return !this.costKnown && this.limits.costPerAgentUsd === undefined && !agent.estimateCostUsd;
  }

  private startProbe(): void {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    this.probe = { done, end };
  }

  private endProbe(): void {
    const probe = this.probe;
    this.probe = undefined;
    probe?.end();
  }

  private overshot(who: string, reportedUsd: number, heldUsd: number): void {
    const first = !this.overshoot;
    this.overshoot = true;
    const message = `${who} reported ${formatUsd(reportedUsd)} while holding ${formatUsd(heldUsd)}, and the budget cannot cover the ${formatUsd(reportedUsd - heldUsd)} more: that money is spent already, so the run stops here. Raise costPerAgentUsd or the agent's estimateCostUsd to its true worst case`;
    this.events.warn('budget_overshoot', message);
    if (first) this.stop.trip('budget', message);
  }

  private track(claim: Promise<unknown>): void {
    this.claimsPending++;
    const settled = claim.finally(() => this.claimsPending--);
    this.claims = Promise.all([this.claims, settled]).catch(() => undefined);
  }

  private async exhaustedMessage(): Promise<string> {
    const each = this.limits.costPerAgentUsd;
    let totals = '';
    try {
      const snapshot = await this.ledger!.snapshot();
      totals = `of ${formatUsd(snapshot.capUsd)} exhausted after ${this.events.agentCalls()} agents (${formatUsd(snapshot.spentUsd)} spent, ${formatUsd(snapshot.reservedUsd)} reserved${each === undefined ? '' : `, ${formatUsd(each)} needed per agent`})`;
    } catch {
      totals = `exhausted after ${this.events.agentCalls()} agents`;
    }
    return `budget ${totals}; raise maxTotalCostUsd${each === undefined ? '' : ' or lower costPerAgentUsd'}`;
  }
}
