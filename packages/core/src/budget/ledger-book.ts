import type { LedgerSnapshot } from './ledger.js';
import { fitsUnderCap, nanosSpent, nanosUp, usdOf } from './money.js';

/**
 * The bookkeeping every in-process ledger shares: reservations held by id,
 * money spent, and the cap, in integer nano-dollars. Synchronous, so a
 * ledger built on it books a reservation before any other call can.
 */
export class LedgerBook {
  private readonly held = new Map<string, number>();
  private readonly cap: number;
  private spent = 0;
  private reserved = 0;
  private nextId = 0;

  /** @param capUsd the most that may be spent or held at once, in USD; omit for no cap */
  constructor(capUsd?: number) {
    this.cap = capUsd === undefined || capUsd === Infinity ? Infinity : nanosUp(capUsd);
  }

  /** Hold `amountUsd`; the reservation's id, or `undefined` when it does not fit. */
  reserve(amountUsd: number): string | undefined {
    const nanos = nanosUp(amountUsd);
    if (!fitsUnderCap(this.spent + this.reserved, nanos, this.cap)) return undefined;
    const id = String(this.nextId++);
    this.held.set(id, nanos);
    this.reserved += nanos;
    return id;
  }

  /** Grow reservation `id` by `amountUsd`; `false` when it is unknown or the amount does not fit. */
  extend(id: string, amountUsd: number): boolean {
    const current = this.held.get(id);
    const nanos = nanosUp(amountUsd);
    if (current === undefined || !fitsUnderCap(this.spent + this.reserved, nanos, this.cap)) return false;
    this.held.set(id, current + nanos);
    this.reserved += nanos;
    return true;
  }

  /** Undo an {@link extend} of reservation `id` by `amountUsd`. */
  shrink(id: string, amountUsd: number): void {
    const current = this.held.get(id);
    if (current === undefined) return;
    const nanos = Math.min(current, nanosUp(amountUsd));
    this.held.set(id, current - nanos);
    this.reserved -= nanos;
  }

  /** Close reservation `id` with `actualUsd` spent (more or less than it held); `false` when it is unknown. */
  commit(id: string, actualUsd: number): boolean {
    if (!this.close(id)) return false;
    this.spent += nanosSpent(actualUsd);
    return true;
  }

  /** Close reservation `id` with nothing spent; `false` when it is unknown. */
  release(id: string): boolean {
    return this.close(id);
  }

  /** What reservation `id` holds, in USD, or `undefined` when it is not open. */
  holding(id: string): number | undefined {
    const nanos = this.held.get(id);
    return nanos === undefined ? undefined : usdOf(nanos);
  }

  /** Open reservations. */
  get open(): number {
    return this.held.size;
  }

  /** The totals, in USD. */
  snapshot(): LedgerSnapshot {
    return { capUsd: this.cap === Infinity ? Infinity : usdOf(this.cap), spentUsd: usdOf(this.spent), reservedUsd: usdOf(this.reserved) };
  }

  private close(id: string): boolean {
    const nanos = this.held.get(id);
    if (nanos === undefined) return false;
    this.held.delete(id);
    this.reserved -= nanos;
    return true;
  }
}
