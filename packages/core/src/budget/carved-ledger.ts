import type { Ledger } from './ledger.js';
import { LedgerBook } from './ledger-book.js';

/** The money side of the parent agent a child run draws on. */
export interface ParentSpend {
  /**
   * Lend `usd` of the parent agent's budget to a child reservation, a new
   * one when `opens`, else the growth of an open one (from
   * what it holds unspent, then by growing its reservation); rejects when the
   * budget cannot cover it. The parent's own reservation stays open until
   * every child one is repaid, so the cost of a child agent that settles
   * after its parent still reaches the parent's ledger.
   */
  carve(usd: number, opens: boolean): Promise<void>;
  /** A child reservation of `heldUsd` closed, `spentUsd` of it spent under the parent agent. */
  repay(heldUsd: number, spentUsd: number): void;
}

/**
 * The ledger of a nested run (`ctx.dispatch`): every reservation is carved
 * out of the parent agent's budget, so a child can never spend more than the
 * parent has left, and what the child spends is spent by the parent. An
 * optional `capUsd` caps the child further; once it is spent, reservations
 * are refused (zero-amount ones too), as every ledger does.
 */
export function carvedLedger(parent: ParentSpend, capUsd?: number): Ledger {
  const book = new LedgerBook(capUsd);

  // Book on the child's side first (synchronously), then ask the parent; undo if it refuses.
  const carve = async (usd: number, opens: boolean, book: () => boolean, undo: () => void): Promise<boolean> => {
    if (!book()) return false;
    try {
      await parent.carve(usd, opens);
      return true;
    } catch {
      undo();
      return false;
    }
  };
  const close = (id: string, spentUsd: number) => {
    const held = book.holding(id);
    if (held === undefined) return;
    if (spentUsd > 0) book.commit(id, spentUsd);
    else book.release(id);
    parent.repay(held, spentUsd);
  };

  return {
    async reserve(amountUsd) {
      let id: string | undefined;
      const granted = await carve(amountUsd, true, () => (id = book.reserve(amountUsd)) !== undefined, () => book.release(id!));
      return granted ? id : undefined;
    },
    async extend(id, amountUsd) {
      if (book.holding(id) === undefined) return false;
      return carve(amountUsd, false, () => book.extend(id, amountUsd), () => book.shrink(id, amountUsd));
    },
    commit: async (id, actualUsd) => close(id, actualUsd),
    release: async (id) => close(id, 0),
    snapshot: async () => book.snapshot(),
  };
}
