// Integer micro-dollars: Redis and Lua add integers exactly, while float sums
// such as 0.1 + 0.2 would let a reservation slip past the cap by a rounding error.
const MICROS_PER_USD = 1e6;
// Float noise (0.1 * 1e6 = 100000.00000000001) must not cost a whole micro-dollar.
const SLACK = 1e-6;

/** Check that `usd` is a finite amount >= 0, naming `what` in the error. */
export function checkUsd(what: string, usd: number): void {
  if (!(typeof usd === 'number' && Number.isFinite(usd) && usd >= 0)) {
    throw new RangeError(`${what} expects a finite amount >= 0 in USD, got ${String(usd)}`);
  }
}

/** A reservation in micro-dollars, rounded up so a reservation never holds less than asked. */
export const reservationMicros = (usd: number): number => Math.ceil(usd * MICROS_PER_USD - SLACK);

/** Money spent in micro-dollars, rounded to the nearest. */
export const spentMicros = (usd: number): number => Math.max(0, Math.round(usd * MICROS_PER_USD));

/** A cap in micro-dollars, rounded down so the cap is never exceeded. */
export const capMicros = (usd: number): number => Math.floor(usd * MICROS_PER_USD + SLACK);

/** Micro-dollars back to USD. */
export const microsToUsd = (micros: number): number => micros / MICROS_PER_USD;
