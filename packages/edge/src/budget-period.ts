/**
 * How often a per-key budget starts afresh: `'hour'`, `'day'` or `'month'`
 * (calendar periods in UTC), `'total'` (never), or a number of milliseconds
 * (fixed windows counted from the Unix epoch).
 */
export type BudgetPeriod = 'hour' | 'day' | 'month' | 'total' | number;

/**
 * The label of the period containing `nowMs` (milliseconds since the epoch),
 * e.g. `'2026-05-01'` for `'day'`. Budgets of the same label share one object.
 *
 * @throws RangeError for a numeric period that is not a finite number > 0.
 */
export function periodLabel(period: BudgetPeriod, nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  switch (period) {
    case 'hour':
      return iso.slice(0, 13);
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    case 'total':
      return 'total';
    default:
      if (!(typeof period === 'number' && Number.isFinite(period) && period > 0)) {
        throw new RangeError(`period must be 'hour', 'day', 'month', 'total' or a number of milliseconds > 0, got ${String(period)}`);
      }
      return `w${period}-${Math.floor(nowMs / period)}`;
  }
}
