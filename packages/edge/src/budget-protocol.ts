/**
 * The wire format between {@link durableObjectLedger} (the client, in any
 * request's isolate) and the {@link BudgetLedger} Durable Object. Amounts are
 * USD; the object keeps integer nano-dollars internally.
 */

/** One operation on a budget, sent as the JSON body of `POST https://budget/`. */
export type BudgetOperation =
  | { op: 'reserve'; amountUsd: number; capUsd: number; leaseMs: number }
  | { op: 'extend'; id: string; amountUsd: number; capUsd: number; leaseMs: number }
  | { op: 'commit'; id: string; actualUsd: number }
  | { op: 'release'; id: string }
  | { op: 'snapshot' };

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
