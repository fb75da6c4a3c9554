import { BudgetExhaustedError } from './errors.js';
import type { Ledger } from './ledger.js';

/** What {@link Spend} needs from its run; one object per run, shared by its agents. */
export interface SpendRun {
  /** The run's ledger, or `undefined` when the run has no budget. */
  ledger: Ledger | undefined;
  /** Called with every reported amount, in USD. */
  onCost(usd: number): void;
  /** Called when the budget cannot cover what the agent spent or asked for: the run stops with `budget`. */
  onExhausted(message: string): void;
  /**
   * Called when a `reserve` was refused: resolves `true` once money held by
   * other agents may have come back (try again), `false` when none can.
   */
  awaitRelease(): Promise<boolean>;
}

const round = (usd: number) => Number(usd.toFixed(6));

/**
 * The money side of one agent execution: what it reported, what it holds,
 * and its settlement with the ledger once the agent really ends. Ledger calls
 * are chained so a settlement never overtakes an extension.
 */
export class Spend {
  /** USD reported so far. */
  reported = 0;
  private pending: Promise<unknown> | undefined;

  /**
   * @param options the run's side
   * @param reservation the reservation granted before the agent started
   * @param held USD that reservation holds
   * @param account where this item's own cost adds up
   */
  constructor(
    private readonly options: SpendRun,
    private readonly reservation: string | undefined,
    private held: number,
    private readonly account: { costUsd: number },
  ) {}

  // Ledger calls run one after another, so a settlement never overtakes an extension.
  private chain<T>(step: () => Promise<T>): Promise<T> {
    const next = this.pending ? this.pending.then(step) : step();
    this.pending = next.catch(() => undefined);
    return next;
  }

  /** Record `usd` actually spent (backs `ctx.reportCost`). */
  report(usd: number): void {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      throw new RangeError(`reportCost expects a finite amount >= 0 in USD, got ${String(usd)}`);
    }
    this.reported += usd;
    this.account.costUsd += usd;
    this.options.onCost(usd);
    const over = this.reported - this.held;
    const { ledger } = this.options;
    const reservation = this.reservation;
    if (ledger && reservation !== undefined && over > 1e-12) {
      // An agent that spends past its reservation claims the difference, so
      // the rest of the run sees the money as gone.
      this.held += over;
      const exhausted = () =>
        this.options.onExhausted(
          `an agent reported $${round(this.reported)}, more than it reserved, and the budget cannot cover it; call ctx.reserve() before spending more`,
        );
      // A ledger that fails here cannot vouch for the money either: stop as exhausted.
      this.chain(() => ledger.extend(reservation, over)).then((granted) => granted || exhausted(), exhausted);
    }
  }

  /** Ask the budget for `usd` more (backs `ctx.reserve`). */
  reserve(usd: number): Promise<void> {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      return Promise.reject(new RangeError(`reserve expects a finite amount >= 0 in USD, got ${String(usd)}`));
    }
    const { ledger } = this.options;
    const reservation = this.reservation;
    if (!ledger || reservation === undefined) return Promise.resolve();
    return this.chain(() => this.extendOrWait(ledger, reservation, usd));
  }

  // Money held by agents still running comes back when they settle, so a
  // refusal waits for that before it becomes final.
  private async extendOrWait(ledger: Ledger, reservation: string, usd: number): Promise<void> {
    while (!(await ledger.extend(reservation, usd))) {
      if (!(await this.options.awaitRelease())) {
        const message = `the budget cannot cover $${round(usd)} more for this agent; raise maxTotalCostUsd`;
        this.options.onExhausted(message);
        throw new BudgetExhaustedError(message);
      }
    }
    this.held += usd;
  }

  /** Whether {@link settle} has anything to do: a ledger holds a reservation for this agent. */
  get settles(): boolean {
    return this.options.ledger !== undefined && this.reservation !== undefined;
  }

  /** Settle with the ledger: the reported amount is spent, the rest returns to the budget. */
  settle(): Promise<void> {
    const { ledger } = this.options;
    const reservation = this.reservation;
    if (!ledger || reservation === undefined) return Promise.resolve();
    return this.chain(() => ledger.commit(reservation, this.reported));
  }
}
