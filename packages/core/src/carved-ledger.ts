import type { Ledger } from './ledger.js';
import { LedgerBook } from './ledger-book.js';

/** The money side of the parent agent a child run draws on. */
export interface ParentSpend {
  /** Reserve more for the parent agent; rejects when its budget cannot cover it. */
  reserve(usd: number): Promise<void>;
  /** Record money spent under the parent agent. */
  report(usd: number): void;
  /**
   * A child reservation opened (`+1`) or closed (`-1`). The parent agent's own
   * reservation stays open until every child one is closed, so the cost of a
   * child agent that settles after its parent reaches the parent's ledger.
   */
  children(delta: 1 | -1): void;
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
  const grow = async (usd: number, book: () => boolean, undo: () => void): Promise<boolean> => {
    if (!book()) return false;
    try {
      await parent.reserve(usd);
      return true;
    } catch {
      undo();
      return false;
    }
  };

  return {
    async reserve(amountUsd) {
      let id: string | undefined;
      const granted = await grow(amountUsd, () => (id = book.reserve(amountUsd)) !== undefined, () => book.release(id!));
      if (!granted) return undefined;
      parent.children(1);
      return id;
    },
    extend: (id, amountUsd) => grow(amountUsd, () => book.extend(id, amountUsd), () => book.shrink(id, amountUsd)),
    async commit(id, actualUsd) {
      if (!book.commit(id, actualUsd)) return;
      parent.report(actualUsd);
      parent.children(-1);
    },
    async release(id) {
      if (book.release(id)) parent.children(-1);
    },
    snapshot: async () => book.snapshot(),
  };
}
