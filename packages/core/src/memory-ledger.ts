import type { Ledger, LedgerSnapshot } from './ledger.js';

/** Options of {@link memoryLedger}. */
export interface MemoryLedgerOptions {
  /** The most that may be spent, in USD; omit for no cap. */
  capUsd?: number;
}

// Integer nano-dollars: float sums such as 0.1 + 0.2 would otherwise let a
// reservation slip past the cap by a rounding error.
const NANOS_PER_USD = 1e9;
const toNanos = (usd: number) => Math.ceil(usd * NANOS_PER_USD - 1e-6);
const toUsd = (nanos: number) => nanos / NANOS_PER_USD;

/**
 * An in-process {@link Ledger}: the default budget of a dispatch.
 * Reservations are granted only while `spent + reserved + amount <= cap`.
 *
 * @example
 * const ledger = memoryLedger({ capUsd: 0.05 });
 * await dispatch({ agent, inputs, ledger, limits: { costPerAgentUsd: 0.01 } });
 */
export function memoryLedger(options: MemoryLedgerOptions = {}): Ledger {
  const cap = options.capUsd === undefined ? Infinity : toNanos(options.capUsd);
  const held = new Map<string, number>();
  let spent = 0;
  let reserved = 0;
  let nextId = 0;

  // A zero reservation still needs money left: otherwise free agents would
  // keep starting on a budget that is already spent.
  const fits = (nanos: number) => (nanos === 0 ? spent + reserved < cap : spent + reserved + nanos <= cap);

  return {
    async reserve(amountUsd) {
      const nanos = toNanos(amountUsd);
      if (!fits(nanos)) return undefined;
      const id = String(nextId++);
      held.set(id, nanos);
      reserved += nanos;
      return id;
    },
    async extend(id, amountUsd) {
      const current = held.get(id);
      const nanos = toNanos(amountUsd);
      if (current === undefined || !fits(nanos)) return false;
      held.set(id, current + nanos);
      reserved += nanos;
      return true;
    },
    async commit(id, actualUsd) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      held.delete(id);
      reserved -= nanos;
      spent += Math.max(0, Math.round(actualUsd * NANOS_PER_USD));
    },
    async release(id) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      held.delete(id);
      reserved -= nanos;
    },
    async snapshot(): Promise<LedgerSnapshot> {
      return { capUsd: cap === Infinity ? Infinity : toUsd(cap), spentUsd: toUsd(spent), reservedUsd: toUsd(reserved) };
    },
  };
}
