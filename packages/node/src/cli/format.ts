/**
 * Money for humans, in the CLI's one format: a `$`, thousands separated by
 * commas, at least 2 decimals and up to 6, trailing zeros dropped past the
 * second (`$0.00`, `$0.05`, `$0.0004`, `$0.000123`, `$1.50`, `$1,234.50`).
 * Amounts under half a millionth of a dollar show as `$0.00`.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return `$${String(usd)}`;
  const [whole = '0', fraction = ''] = Math.abs(usd).toFixed(6).split('.');
  const kept = fraction.replace(/0+$/, '').padEnd(2, '0');
  const sign = usd < 0 && !(whole === '0' && kept === '00') ? '-' : '';
  return `${sign}$${Number(whole).toLocaleString('en-US')}.${kept}`;
}

/** A duration for humans: `850ms`, `12.3s`, `4m05s`, `2h03m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

/** Parse `500`, `500ms`, `30s`, `15m`, `12h` or `7d` into milliseconds; `undefined` when unreadable. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms'];
  return Number(match[1]) * unit;
}
