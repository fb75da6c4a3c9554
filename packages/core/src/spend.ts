import { BudgetExhaustedError } from './errors.js';
import type { Ledger } from './ledger.js';

/** What {@link Spend} needs from its run. */
export interface SpendOptions {
  /** The run's ledger, or `undefined` when the run has no budget. */
  ledger: Ledger | undefined;
  /** The reservation granted before the agent started. */
  reservation: string | undefined;
  /** USD that reservation holds. */
  heldUsd: number;
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
  private held: number;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SpendOptions) {
    this.held = options.heldUsd;
  }

  /** Record `usd` actually spent (backs `ctx.reportCost`). */
  report(usd: number): void {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      throw new RangeError(`reportCost expects a finite amount >= 0 in USD, got ${String(usd)}`);
    }
    this.reported += usd;
    this.options.onCost(usd);
    const over = this.reported - this.held;
    const { ledger, reservation } = this.options;
    if (ledger && reservation !== undefined && over > 1e-12) {
      // An agent that spends past its reservation claims the difference, so
      // the rest of the run sees the money as gone.
      this.held += over;
      this.pending = this.pending.then(async () => {
        if (!(await ledger.extend(reservation, over))) {
          this.options.onExhausted(
            `an agent reported $${round(this.reported)}, more than it reserved, and the budget cannot cover it; call ctx.reserve() before spending more`,
          );
        }
      });
    }
  }

  /** Ask the budget for `usd` more (backs `ctx.reserve`). */
  reserve(usd: number): Promise<void> {
    if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
      return Promise.reject(new RangeError(`reserve expects a finite amount >= 0 in USD, got ${String(usd)}`));
    }
    const { ledger, reservation } = this.options;
    if (!ledger || reservation === undefined) return Promise.resolve();
    const granted = this.pending.then(() => this.extendOrWait(ledger, reservation, usd));
    this.pending = granted.catch(() => undefined);
    return granted;
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

  /** Settle with the ledger: the reported amount is spent, the rest returns to the budget. */
  settle(): Promise<void> {
    const { ledger, reservation } = this.options;
    if (!ledger || reservation === undefined) return Promise.resolve();
    const settled = this.pending.then(() => ledger.commit(reservation, this.reported));
    this.pending = settled;
    return settled;
  }
}
