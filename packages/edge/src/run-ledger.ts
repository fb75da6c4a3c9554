import type { Ledger, LedgerSnapshot } from '@flotilla/core';
// Integer nano-dollars, in core's one money module.
import { fitsUnderCap, nanosSpent, nanosUp as toNanos, usdOf } from '@flotilla/core/internal';

/** A {@link runLedger}: a `Ledger` that can also wait until the run has settled with the shared one. */
export interface RunLedger extends Ledger {
  /**
   * Resolves `true` once every reservation of the run is committed or released
   * and the shared ledger has acknowledged it, or `false` after `timeoutMs`
   * milliseconds (an agent that ignored its abort signal may still hold one).
   */
  settled(timeoutMs: number): Promise<boolean>;
}

/**
 * One request's budget layered over a shared one (an API key's Durable Object
 * budget): a reservation is granted only when it fits both the request's
 * `maxTotalCostUsd` (when given) and the shared ledger. Handing `dispatch` a
 * shared ledger alone would drop the request's own cap; this keeps both.
 *
 * The run's side is checked and booked synchronously before the shared ledger
 * is asked, and undone if the shared ledger refuses. A dispatch may resolve
 * before its last settlements reach the ledger; `settled()` lets the server
 * wait for them before it answers, since a Worker's background work may be
 * cut off once the response is sent.
 *
 * @example
 * const ledger = runLedger(durableObjectLedger(env.BUDGET, keyId, { capUsd: 5 }), 0.5);
 * const run = await dispatch({ agent, inputs, ledger });
 * await ledger.settled(2_000);
 */
export function runLedger(shared: Ledger, capUsd: number | undefined): RunLedger {
  const cap = capUsd === undefined ? Infinity : toNanos(capUsd);
  const held = new Map<string, number>();
  let spent = 0;
  let reserved = 0;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const fits = (nanos: number) => fitsUnderCap(spent + reserved, nanos, cap);

  /** Count a shared-ledger call as in flight, so `settled()` waits for it. */
  const track = async <T>(call: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await call();
    } finally {
      inFlight--;
      if (inFlight === 0 && held.size === 0) {
        const done = waiters;
        waiters = [];
        for (const wake of done) wake();
      }
    }
  };
  /** Book `nanos` on the run's side, run `call`, and undo the booking unless `call` grants. */
  const guarded = async <T>(nanos: number, call: () => Promise<T>, granted: (value: T) => boolean): Promise<T | undefined> => {
    if (!fits(nanos)) return undefined;
    reserved += nanos;
    try {
      const value = await track(call);
      if (!granted(value)) reserved -= nanos;
      return value;
    } catch (error) {
      reserved -= nanos;
      throw error;
    }
  };

  return {
    async reserve(amountUsd) {
      const nanos = toNanos(amountUsd);
      const id = await guarded(nanos, () => shared.reserve(amountUsd), (value) => value !== undefined);
      if (id !== undefined) held.set(id, nanos);
      return id;
    },
    async extend(id, amountUsd) {
      const current = held.get(id);
      const nanos = toNanos(amountUsd);
      if (current === undefined) return false;
      const ok = (await guarded(nanos, () => shared.extend(id, amountUsd), (value) => value)) === true;
      if (ok) held.set(id, (held.get(id) ?? current) + nanos);
      return ok;
    },
    async commit(id, actualUsd) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      reserved -= nanos;
      spent += nanosSpent(actualUsd);
      await track(async () => {
        held.delete(id);
        await shared.commit(id, actualUsd);
      });
    },
    async release(id) {
      const nanos = held.get(id);
      if (nanos === undefined) return;
      reserved -= nanos;
      await track(async () => {
        held.delete(id);
        await shared.release(id);
      });
    },
    async snapshot(): Promise<LedgerSnapshot> {
      // Report whichever budget is tighter, so "budget exhausted" names the one that ran out.
      const own = { capUsd: cap === Infinity ? Infinity : usdOf(cap), spentUsd: usdOf(spent), reservedUsd: usdOf(reserved) };
      const other = await shared.snapshot();
      const left = (s: LedgerSnapshot) => s.capUsd - s.spentUsd - s.reservedUsd;
      return left(other) < left(own) ? other : own;
    },
    settled(timeoutMs) {
      if (inFlight === 0 && held.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((wake) => wake !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(done);
      });
    },
  };
}
