import type { Ledger, LedgerSnapshot } from '@flotilla/core';

// Integer nano-dollars, as in core's memoryLedger.
const NANOS_PER_USD = 1e9;
const toNanos = (usd: number) => Math.ceil(usd * NANOS_PER_USD - 1e-6);

/**
 * One request's budget layered over a shared one (an API key's Durable Object
 * budget): a reservation is granted only when it fits both the request's
 * `maxTotalCostUsd` and the shared ledger. Handing `dispatch` a shared ledger
 * alone would drop the request's own cap; this keeps both.
 *
 * The run's side is checked and booked synchronously before the shared ledger
 * is asked, and undone if the shared ledger refuses.
 *
 * @example
 * const ledger = runLedger(durableObjectLedger(env.BUDGET, keyId, { capUsd: 5 }), 0.5);
 */
export function runLedger(shared: Ledger, capUsd: number | undefined): Ledger {
  if (capUsd === undefined) return shared;
  const cap = toNanos(capUsd);
  const held = new Map<string, number>();
  let spent = 0;
  let reserved = 0;
  const fits = (nanos: number) => (nanos === 0 ? spent + reserved < cap : spent + reserved + nanos <= cap);

  const book = (nanos: number): boolean => {
    if (!fits(nanos)) return false;
    reserved += nanos;
    return true;
  };

  return {
    async reserve(amountUsd) {
      const nanos = toNanos(amountUsd);
      if (!book(nanos)) return undefined;
      const id = await shared.reserve(amountUsd).catch((error: unknown) => {
        reserved -= nanos;
        throw error;
      });
      if (id === undefined) {
        reserved -= nanos;
        return undefined;
      }
      held.set(id, nanos);
      return id;
    },
    async extend(id, amountUsd) {
      const current = held.get(id);
      const nanos = toNanos(amountUsd);
      if (current === undefined || !book(nanos)) return false;
      const ok = await shared.extend(id, amountUsd).catch((error: unknown) => {
        reserved -= nanos;
        throw error;
      });
      if (!ok) {
        reserved -= nanos;
        return false;
      }
      held.set(id, current + nanos);
      return true;
    },
    async commit(id, actualUsd) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      held.delete(id);
      reserved -= nanos;
      spent += Math.max(0, Math.round(actualUsd * NANOS_PER_USD));
      await shared.commit(id, actualUsd);
    },
    async release(id) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      held.delete(id);
      reserved -= nanos;
      await shared.release(id);
    },
    async snapshot(): Promise<LedgerSnapshot> {
      // Report whichever budget is tighter, so "budget exhausted" names the one that ran out.
      const own = { capUsd: cap / NANOS_PER_USD, spentUsd: spent / NANOS_PER_USD, reservedUsd: reserved / NANOS_PER_USD };
      const other = await shared.snapshot();
      const left = (s: LedgerSnapshot) => s.capUsd - s.spentUsd - s.reservedUsd;
      return left(other) < left(own) ? other : own;
    },
  };
}
