/**
 * Money arithmetic of every ledger, in one place. Amounts are kept as
 * integer nano-dollars (10^-9 USD): float sums such as 0.1 + 0.2 would
 * otherwise let a reservation slip past a cap by a rounding error.
 * Reservations round up (a hold never covers less than asked), spending
 * rounds to the nearest nano-dollar.
 */
export const NANOS_PER_USD = 1e9;

/** USD as integer nano-dollars, rounded up: for reservations and caps. */
export function nanosUp(usd: number): number {
  return Math.ceil(usd * NANOS_PER_USD - 1e-6);
}

/** USD as integer nano-dollars, rounded to the nearest: for money spent. */
export function nanosSpent(usd: number): number {
  return Math.max(0, Math.round(usd * NANOS_PER_USD));
}

/** Integer nano-dollars as USD. */
export function usdOf(nanos: number): number {
  return nanos / NANOS_PER_USD;
}

/**
 * Whether `amount` more fits under `cap` with `used` already spent or held
 * (all in nano-dollars). A zero amount still needs money left: otherwise
 * free reservations would keep agents starting on a budget already spent.
 */
export function fitsUnderCap(used: number, amount: number, cap: number): boolean {
  return amount === 0 ? used < cap : used + amount <= cap;
}

/** A USD amount rounded to 6 decimals, for messages and JSON. */
export function roundUsd(usd: number): number {
  return Number(usd.toFixed(6));
}

/** A USD amount as text in the one format of every message: `$0.05`, `$1.234567`. */
export function formatUsd(usd: number): string {
  return Number.isFinite(usd) ? `$${roundUsd(usd)}` : usd > 0 ? 'no cap' : `$${usd}`;
}

/** Whether `usd` is a finite amount >= 0, the only kind a ledger or a report accepts. */
export function isAmount(usd: unknown): usd is number {
  return typeof usd === 'number' && Number.isFinite(usd) && usd >= 0;
}
