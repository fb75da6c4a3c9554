import { InvalidOptionsError } from '../errors.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { Ledger, LedgerSnapshot } from './ledger.js';
import { fitsUnderCap, isAmount, nanosSpent, nanosUp, usdOf } from './money.js';

/** A {@link cappedLedger}: a `Ledger` that can also wait until the run has settled with the shared one. */
export interface CappedLedger extends Ledger {
  /**
   * Resolves `true` once every reservation made through this ledger is
   * committed or released and the shared ledger has acknowledged it, or
   * `false` after `timeoutMs` milliseconds or when `signal` aborts (an agent
   * that ignored its abort signal may still hold a reservation).
   */
  settled(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}

/** Options of {@link cappedLedger}. */
export interface CappedLedgerOptions {
  /**
   * Time source of `settled`'s timeout, for tests.
   * @defaultValue the system clock
   */
  clock?: Clock;
}

/**
 * One run's budget layered over a shared one (an API key's budget in a
 * Durable Object or Redis, a team's `memoryLedger`): a reservation is granted
 * only when it fits both `capUsd` (when given) and the shared ledger. Handing
 * `dispatch` the shared ledger alone would drop the run's own cap; this keeps
 * both, and `snapshot()` reports whichever budget has less left.
 *
 * The run's side is checked and booked synchronously before the shared ledger
 * is asked, and undone when the shared ledger refuses or fails. A dispatch may
 * resolve before its last settlements reach a remote ledger; `settled()` lets a
 * server wait for them before it answers (a Worker's background work may be
 * cut off once the response is sent).
 *
 * @param shared the ledger every run draws on
 * @param capUsd the most this run may spend or hold, in USD (a finite amount >= 0); `undefined` or `Infinity` for the shared cap alone
 * @throws InvalidOptionsError when `capUsd` is not an amount
 *
 * @example
 * ```ts
 * const team = memoryLedger({ capUsd: 5 }); // or redisLedger(...), durableObjectLedger(...)
 * const ledger = cappedLedger(team, 0.5);   // this run: at most $0.50 of the team's $5
 * const run = await dispatch({ agent, inputs, ledger, limits: { costPerAgentUsd: 0.01 } });
 * await ledger.settled(2_000);              // every settlement has reached the shared ledger
 * ```
 */
export function cappedLedger(shared: Ledger, capUsd: number | undefined, options: CappedLedgerOptions = {}): CappedLedger {
  if (capUsd !== undefined && capUsd !== Infinity && !isAmount(capUsd)) {
    throw new InvalidOptionsError(`cappedLedger: capUsd must be a finite number >= 0, Infinity or undefined (got ${String(capUsd)})`);
  }
  const clock = options.clock ?? systemClock;
  const cap = capUsd === undefined || capUsd === Infinity ? Infinity : nanosUp(capUsd);
  const held = new Map<string, number>();
  let spent = 0;
  let reserved = 0;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const fits = (nanos: number) => fitsUnderCap(spent + reserved, nanos, cap);
  const idle = () => inFlight === 0 && held.size === 0;

  /** Count a shared-ledger call as in flight, so `settled()` waits for it. */
  const track = async <T>(call: () => Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await call();
    } finally {
      inFlight--;
      if (idle()) {
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
      const nanos = nanosUp(amountUsd);
      const id = await guarded(nanos, () => shared.reserve(amountUsd), (value) => value !== undefined);
      if (id !== undefined) held.set(id, nanos);
      return id;
    },
    async extend(id, amountUsd) {
      const current = held.get(id);
      const nanos = nanosUp(amountUsd);
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
    settled(timeoutMs, signal) {
      if (idle()) return Promise.resolve(true);
      if (signal?.aborted) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const finish = (result: boolean) => {
          clock.clearTimeout(timer);
          signal?.removeEventListener('abort', abort);
          waiters = waiters.filter((wake) => wake !== done);
          resolve(result);
        };
        const done = () => finish(true);
        const abort = () => finish(false);
        const timer = clock.setTimeout(abort, timeoutMs);
        signal?.addEventListener('abort', abort, { once: true });
        waiters.push(done);
      });
    },
  };
}
