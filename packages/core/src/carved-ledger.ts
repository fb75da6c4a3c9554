import type { Ledger, LedgerSnapshot } from './ledger.js';

/** The money side of the parent agent a child run draws on. */
export interface ParentSpend {
  /** Reserve more for the parent agent; rejects when its budget cannot cover it. */
  reserve(usd: number): Promise<void>;
  /** Record money spent under the parent agent. */
  report(usd: number): void;
}

/**
 * The ledger of a nested run (`ctx.dispatch`): every reservation is carved
 * out of the parent agent's budget, so a child can never spend more than the
 * parent has left, and what the child spends is spent by the parent. An
 * optional `capUsd` caps the child further.
 */
export function carvedLedger(parent: ParentSpend, capUsd = Infinity): Ledger {
  const held = new Map<string, number>();
  let spent = 0;
  let reserved = 0;
  let nextId = 0;
  const fits = (usd: number) => spent + reserved + usd <= capUsd + 1e-12;

  const grow = async (usd: number): Promise<boolean> => {
    if (!fits(usd)) return false;
    reserved += usd;
    try {
      await parent.reserve(usd);
      return true;
    } catch {
      reserved -= usd;
      return false;
    }
  };

  return {
    async reserve(amountUsd) {
      if (!(await grow(amountUsd))) return undefined;
      const id = String(nextId++);
      held.set(id, amountUsd);
      return id;
    },
    async extend(id, amountUsd) {
      const current = held.get(id);
      if (current === undefined || !(await grow(amountUsd))) return false;
      held.set(id, current + amountUsd);
      return true;
    },
    async commit(id, actualUsd) {
      const amount = held.get(id);
      if (amount === undefined) return;
      held.delete(id);
      reserved -= amount;
      spent += actualUsd;
      parent.report(actualUsd);
    },
    async release(id) {
      const amount = held.get(id);
      if (amount === undefined) return;
      held.delete(id);
      reserved -= amount;
    },
    async snapshot(): Promise<LedgerSnapshot> {
      return { capUsd, spentUsd: spent, reservedUsd: reserved };
    },
  };
}
