/**
 * How long a provider asked callers to wait, in milliseconds, from the
 * `retry-after-ms` header (Azure, OpenAI) or the standard `Retry-After`
 * header (delay in seconds, or an HTTP date). `undefined` when neither is
 * present or readable.
 *
 * @param nowMs the current wall time in milliseconds since the epoch, for HTTP dates.
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' })); // 2000
 */
export function retryAfterMs(headers: Headers, nowMs: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && isDelay(ms)) return Math.ceil(Number(ms));

  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (isDelay(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function isDelay(text: string): boolean {
  return /^\s*\d+(\.\d+)?\s*$/.test(text);
}
