import type { Ledger } from './ledger.js';
import { LedgerBook } from './ledger-book.js';

/** Options of {@link memoryLedger}. */
export interface MemoryLedgerOptions {
  /** The most that may be spent, in USD; omit for no cap. */
  capUsd?: number;
}

/**
 * An in-process {@link Ledger}: the default budget of a dispatch.
 * Reservations are granted only while `spent + reserved + amount <= cap`
 * (a zero amount only while money is left), in integer nano-dollars.
 *
 * @example
 * const ledger = memoryLedger({ capUsd: 0.05 });
 * await dispatch({ agent, inputs, ledger, limits: { costPerAgentUsd: 0.01 } });
 */
export function memoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const book = new LedgerBook(options.capUsd);
  const ledger: Ledger = {
    reserve: async (amountUsd) => book.reserve(amountUsd),
    extend: async (id, amountUsd) => book.extend(id, amountUsd),
    commit: async (id, actualUsd) => void book.commit(id, actualUsd),
    release: async (id) => void book.release(id),
    snapshot: async () => book.snapshot(),
  };
  BOOKS.set(ledger, book);
  return ledger;
}

const BOOKS = new WeakMap<Ledger, LedgerBook>();

/**
 * The book behind `ledger` when it is a {@link memoryLedger}. A run books
 * its reservations and commits there at once, without a promise per agent;
 * the async methods call the same book, so both sides always agree.
 */
export function ledgerBookOf(ledger: Ledger | undefined): LedgerBook | undefined {
  return ledger && BOOKS.get(ledger);
}
