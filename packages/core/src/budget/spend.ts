import { BudgetExhaustedError, LateCostReportError } from '../errors.js';
import type { Ledger } from './ledger.js';
import type { LedgerBook } from './ledger-book.js';
import { formatUsd, isAmount } from './money.js';

/** What {@link Spend} needs from its run; one object per run, shared by its agents. */
export interface SpendRun {
  /** The run's ledger, or `undefined` when the run has no budget. */
  ledger: Ledger | undefined;
  /**
   * The book behind the ledger when it is a memory ledger: booked at once
   * (no promise per agent) while no ledger call of the agent is pending.
   */
  book?: LedgerBook | undefined;
  /** Called with every reported amount, in USD. */
  onCost(usd: number): void;
  /** Called when the budget cannot cover what an agent asked for with `ctx.reserve`: the run stops with `budget`. */
  onExhausted(message: string): void;
  /**
   * Called once per agent that reported more than it held when the budget
   * could not cover the excess: the money is spent already, so the run stops
   * with `budget` at once.
   */
  onOvershoot(who: string, reportedUsd: number, heldUsd: number): void;
  /** Whether an overshoot already happened in this run: no further `ctx.reserve` is granted. */
  overshot(): boolean;
  /** Called with every claim of an excess on the ledger, so new starts can wait for its answer. */
  onClaim(claim: Promise<unknown>): void;
  /** Called when an agent reports a cost after it settled; the report is refused. */
  onLateReport(message: string): void;
  /**
   * Called when a `reserve` was refused: resolves `true` once money held by
   * other agents may have come back (try again), `false` when none can.
   */
  awaitRelease(): Promise<boolean>;
}

/**
 * The money side of one agent execution: what it reported, what it holds,
 * and its settlement with the ledger once the agent really ends (and every
 * child reservation of its nested runs is closed). Ledger calls are chained
 * so a settlement never overtakes an extension.
 */
export class Spend {
  /** USD reported so far. */
  reported = 0;
  private pending: Promise<unknown> | undefined;
  /** USD claimed from the ledger so far: the reservation plus every extension asked for. */
  private claimed: number;
  private openChildren = 0;
  /** USD of this agent's hold lent to child reservations of its nested runs. */
  private lent = 0;
  /** The agent settled; the commit waits for open child reservations. */
  private agentSettled = false;
  /** The commit has started: later reports are refused. */
  private closed = false;
  private onClosed: (() => void) | undefined;

  /**
   * @param run the run's side
   * @param reservation the reservation granted before the agent started
   * @param held USD that reservation holds
   * @param account where this item's own cost adds up
   * @param agentName the agent's name, for messages
   */
  constructor(
    private readonly run: SpendRun,
    private readonly reservation: string | undefined,
    held: number,
    private readonly account: { costUsd: number; index: number },
    private readonly agentName: string,
  ) {
    this.claimed = held;
  }

  // Ledger calls run one after another, so a settlement never overtakes an extension.
  private chain<T>(step: () => Promise<T>): Promise<T> {
    const next = this.pending ? this.pending.then(step) : step();
    this.pending = next.catch(() => undefined);
    return next;
  }

  /** Record `usd` actually spent (backs `ctx.reportCost`). */
  report(usd: number): void {
    if (!isAmount(usd)) {
      throw new RangeError(`reportCost expects a finite amount >= 0 in USD, got ${String(usd)}`);
    }
    if (this.closed) {
      const message = `an agent reported ${formatUsd(usd)} after it had settled with the budget; the report was refused. Report costs before the agent's promise settles (await the call that spends)`;
      this.run.onLateReport(message);
      throw new LateCostReportError(message);
    }
    this.reported += usd;
    this.account.costUsd += usd;
    this.run.onCost(usd);
    const over = this.reported - this.claimed;
    const { ledger } = this.run;
    const reservation = this.reservation;
    if (ledger && reservation !== undefined && over > 1e-12) {
      // An agent that spends past its reservation claims the difference at
      // once, so the rest of the run sees the money as gone.
      const held = this.claimed;
      this.claimed = this.reported;
      const overshoot = () => this.run.onOvershoot(`agent "${this.agentName}" (input ${this.account.index})`, this.reported, held);
      const { book } = this.run;
      if (book && !this.pending) {
        if (!book.extend(reservation, over)) overshoot();
        return;
      }
      // A ledger that fails here cannot vouch for the money either: count it as an overshoot.
      const claim = this.chain(() => ledger.extend(reservation, over)).then((granted) => granted || overshoot(), overshoot);
      this.run.onClaim(claim);
    }
  }

  /** Ask the budget for `usd` more (backs `ctx.reserve`). */
  reserve(usd: number): Promise<void> {
    if (!isAmount(usd)) {
      return Promise.reject(new RangeError(`reserve expects a finite amount >= 0 in USD, got ${String(usd)}`));
    }
    if (this.closed) return Promise.reject(new LateCostReportError('ctx.reserve was called after the agent had settled with the budget'));
    const { ledger } = this.run;
    const reservation = this.reservation;
    if (!ledger || reservation === undefined) return Promise.resolve();
    return this.chain(() => this.extendOrWait(ledger, reservation, usd));
  }

  // Money held by agents still running comes back when they settle, so a
  // refusal waits for that before it becomes final.
  private async extendOrWait(ledger: Ledger, reservation: string, usd: number): Promise<void> {
    const refuse = (message: string) => {
      this.run.onExhausted(message);
      return new BudgetExhaustedError(message);
    };
    if (this.run.overshot()) throw refuse(`the budget is overspent already; ${formatUsd(usd)} more cannot be reserved`);
    while (!(await ledger.extend(reservation, usd))) {
      if (!(await this.run.awaitRelease())) throw refuse(`the budget cannot cover ${formatUsd(usd)} more for this agent; raise maxTotalCostUsd`);
    }
    this.claimed += usd;
  }

  /**
   * Lend `usd` of this agent's budget to a child reservation of a nested run
   * (see `carvedLedger`), a new one when `opens`: from what this agent holds and has not spent, and
   * beyond that by growing its reservation. Rejects when the budget cannot
   * cover it; the child run then stops, not this one.
   */
  async carve(usd: number, opens: boolean): Promise<void> {
    if (this.closed) throw new LateCostReportError('a nested run asked for budget after its parent agent had settled with the budget');
    const free = this.claimed - this.reported - this.lent;
    const { ledger } = this.run;
    const reservation = this.reservation;
    // A zero amount still needs money left, as every ledger has it.
    if ((usd > free + 1e-12 || (usd === 0 && free <= 1e-12)) && ledger && reservation !== undefined) {
      const more = usd - Math.max(0, free);
      const granted = await this.chain(() => ledger.extend(reservation, more));
      if (!granted) throw new BudgetExhaustedError(`the parent agent's budget cannot cover ${formatUsd(usd)} for a nested agent`);
      this.claimed += more;
    }
    this.lent += usd;
    if (opens) this.openChildren++;
  }

  /** A child reservation of `heldUsd` closed, having spent `spentUsd` (reported here as this agent's cost). */
  repay(heldUsd: number, spentUsd: number): void {
    this.lent -= heldUsd;
    if (spentUsd > 0) this.report(spentUsd);
    this.openChildren--;
    if (this.openChildren === 0 && this.agentSettled && !this.closed) this.commit()?.catch(() => undefined);
  }

  /**
   * The agent settled: commit what it reported (the rest returns to the
   * budget) now, or, while child reservations of its nested runs are still
   * open, once the last of them closes. A promise when the commit goes
   * through the ledger's async API (`undefined` when it is done at once or
   * deferred); `onClosed` runs once the money is settled either way.
   */
  settle(onClosed?: () => void): Promise<void> | undefined {
    this.agentSettled = true;
    this.onClosed = onClosed;
    if (this.openChildren > 0) return undefined;
    return this.commit();
  }

  /** Commit what the agent reported: at once (`undefined`) without a ledger or on a memory ledger's book, else through a promise. */
  private commit(): Promise<void> | undefined {
    this.closed = true;
    const done = () => this.onClosed?.();
    const { ledger, book } = this.run;
    const reservation = this.reservation;
    if (!ledger || reservation === undefined) {
      done();
      return undefined;
    }
    if (book && !this.pending) {
      book.commit(reservation, this.reported);
      done();
      return undefined;
    }
    return this.chain(() => ledger.commit(reservation, this.reported)).finally(done);
  }
}
