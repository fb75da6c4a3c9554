/**
 * The wire format between {@link durableObjectLedger} (the client, in any
 * request's isolate) and the {@link BudgetLedger} Durable Object. Amounts are
 * USD; the object keeps integer nano-dollars internally.
 */

/** One operation on a budget, sent as the JSON body of `POST https://budget/`. */
export type BudgetOperation =
  | {
      /** Hold money for one call, if the cap can cover it. */
      op: 'reserve';
      /** Money to hold, in USD. */
      amountUsd: number;
      /** The budget's cap for this period, in USD. */
      capUsd: number;
      /** How long the hold lasts if never settled, in milliseconds. */
      leaseMs: number;
    }
  | {
      /** Add money to an open reservation and renew its lease, if the cap can cover it. */
      op: 'extend';
      /** The reservation id from `reserve`. */
      id: string;
      /** Money to add, in USD. */
      amountUsd: number;
      /** The budget's cap for this period, in USD. */
      capUsd: number;
      /** The new lease from now, in milliseconds. */
      leaseMs: number;
    }
  | {
      /** Settle a reservation as spent. */
      op: 'commit';
      /** The reservation id from `reserve`. */
      id: string;
      /** Money actually spent, in USD (counted even past the cap). */
      actualUsd: number;
    }
  | {
      /** Drop a reservation unspent, returning its money to the budget. */
      op: 'release';
      /** The reservation id from `reserve`. */
      id: string;
    }
  | {
      /** Read the totals without changing anything. */
      op: 'snapshot';
    };

/** The JSON answer to a {@link BudgetOperation}. */
export interface BudgetAnswer {
  /** The reservation id (`reserve`), or `null` when the cap cannot cover it. */
  id?: string | null;
  /** Whether an `extend` was granted. */
  ok?: boolean;
  /** Money settled as spent in this period, in USD. */
  spentUsd: number;
  /** Money held by open reservations, in USD. */
  reservedUsd: number;
}

/** The URL the client posts operations to (the host is ignored by the object). */
export const BUDGET_URL = 'https://budget/';
