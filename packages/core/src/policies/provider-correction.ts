/**
 * Usage a provider reported (through `x-ratelimit-remaining-*`) that this
 * limiter did not grant (other clients of the key), held as used until the
 * provider's reset.
 */
export class ProviderCorrection {
  private amount = 0;
  /** When the held usage stops counting, on the limiter's clock. */
  until = -Infinity;

  /** What is held as used at time `t`. */
  at(t: number): number {
    return this.until > t ? this.amount : 0;
  }

  /**
   * Take in one report: when the provider says `remaining` while this
   * limiter thinks `localLeft` is left, hold the difference as used until
   * `resetMs` from `now` (a whole `windowMs` without a reset figure, at most
   * a window). Figures that say more is left are ignored: local grants the
   * provider has not yet seen still count.
   */
  correct(localLeft: number, remaining: number | undefined, resetMs: number | undefined, now: number, windowMs: number): void {
    if (!isCount(remaining) || !Number.isFinite(localLeft)) return;
    if (this.until <= now) this.amount = 0;
    const missing = localLeft - this.amount - remaining;
    if (missing <= 0) return;
    this.amount += missing;
    // Without a reset figure, assume the worst: a whole window.
    const reset = isCount(resetMs) ? Math.min(resetMs, windowMs) : windowMs;
    this.until = Math.max(this.until, now + reset);
  }
}

/** A provider figure worth taking in: a finite number >= 0. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
