import type { RateLimitReport } from '../policies/rate-limiter.js';

/**
 * The provider's rate-limit figures from a response's `x-ratelimit-*`
 * headers (OpenAI, Azure OpenAI, Groq, Together and most OpenAI-compatible
 * servers): `limit-requests`, `remaining-requests`, `reset-requests` and their
 * `-tokens` twins. Reset durations are read in the Go style those providers
 * send (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`) or as plain seconds.
 * Unreadable values are left out; `undefined` when none is present.
 *
 * @example
 * rateLimitReport(new Headers({ 'x-ratelimit-remaining-tokens': '1500', 'x-ratelimit-reset-tokens': '6m0s' }));
 * // { remainingTokens: 1500, resetTokensMs: 360000 }
 */
export function rateLimitReport(headers: Headers): RateLimitReport | undefined {
  const report: RateLimitReport = {};
  let any = false;
  for (const kind of ['requests', 'tokens'] as const) {
    const suffix = kind === 'requests' ? 'Requests' : 'Tokens';
    const limit = count(headers.get(`x-ratelimit-limit-${kind}`));
    const remaining = count(headers.get(`x-ratelimit-remaining-${kind}`));
    const reset = durationMs(headers.get(`x-ratelimit-reset-${kind}`));
    if (limit !== undefined) (report[`limit${suffix}`] = limit), (any = true);
    if (remaining !== undefined) (report[`remaining${suffix}`] = remaining), (any = true);
    if (reset !== undefined) (report[`reset${suffix}Ms`] = reset), (any = true);
  }
  return any ? report : undefined;
}

function count(text: string | null): number | undefined {
  if (text === null || !/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** A Go-style duration (`"6m0s"`, `"20ms"`) or plain seconds (`"1.5"`), in milliseconds. */
function durationMs(text: string | null): number | undefined {
  if (text === null) return undefined;
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^(\d+(\.\d+)?(h|ms|m|s|us|µs|ns))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return Number.isFinite(total) ? total : undefined;
}
