/**
 * The spend ledger behind `maxTotalCostUsd`: money is reserved before an agent
 * starts and settled when it finishes, so the cap can never be overshot.
 * Amounts are in USD. `memoryLedger` is the default; a shared ledger (a Durable
 * Object, Redis) lets several runs draw on one budget.
 *
 * @example
 * ```ts
 * // One $10 budget shared by two runs that go on at once.
 * const ledger = memoryLedger({ capUsd: 10 });
 * const [a, b] = await Promise.all([
 *   dispatch({ agent, inputs: batchA, ledger, limits: { costPerAgentUsd: 0.01 } }),
 *   dispatch({ agent, inputs: batchB, ledger, limits: { costPerAgentUsd: 0.01 } }),
 * ]);
 * console.log((await ledger.snapshot()).spentUsd); // never above 10
 * ```
 */
export interface Ledger {
  /** Reserve `amountUsd`; resolves to a reservation id, or `undefined` when the budget cannot cover it. */
  reserve(amountUsd: number): Promise<string | undefined>;
  /** Grow a held reservation by `amountUsd`; resolves to `false` when the budget cannot cover it. */
  extend(reservationId: string, amountUsd: number): Promise<boolean>;
  /** Settle a reservation: `actualUsd` is spent, the rest of the reservation returns to the budget. */
  commit(reservationId: string, actualUsd: number): Promise<void>;
  /** Cancel a reservation without spending anything. */
  release(reservationId: string): Promise<void>;
  /** The current totals. */
  snapshot(): Promise<LedgerSnapshot>;
}

/** Totals of a {@link Ledger}, in USD. */
export interface LedgerSnapshot {
  /** The cap, or `Infinity` when uncapped. */
  capUsd: number;
  /** Money settled as spent. */
  spentUsd: number;
  /** Money held by open reservations. */
  reservedUsd: number;
}
