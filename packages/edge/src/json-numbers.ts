/**
 * An amount in USD as the API sends it: rounded to 6 decimals (a millionth of
 * a dollar), so float noise such as `0.30000000000000004` never reaches JSON.
 *
 * @example roundUsd(0.1 + 0.2) // 0.3
 */
export function roundUsd(usd: number): number {
  return Number.isFinite(usd) ? Math.round(usd * 1e6) / 1e6 : usd;
}

/**
 * A duration in milliseconds as the API sends it: rounded to 0.1 ms.
 *
 * @example roundMs(12.3456) // 12.3
 */
export function roundMs(ms: number): number {
  return Number.isFinite(ms) ? Math.round(ms * 10) / 10 : ms;
}
