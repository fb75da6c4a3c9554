/**
 * The figures of one `provider-limits` contender, read off the simulated
 * provider's counters after its run, and their table row.
 */
import type { ContenderResult } from './provider-workload.js';
import { N, PRICES, PROVIDER } from './provider-workload.js';
import type { SimulatedProvider } from './provider-simulator.js';
import { count, median, ms, quantile } from './stats.js';

export interface Row {
  name: string;
  wallMs: number;
  idealMs: number;
  fraction: number;
  requests: number;
  rejected: number;
  share: number;
  errors5xx: number;
  ok: number;
  p50: number;
  p95: number;
  spendUsd: number;
  peakWindowRequests: number;
  peakWindowTokens: number;
  /** Send-to-count lag of the requests that carried a send time (Flotilla's): p99 and largest, in ms; `undefined` for others. */
  lag: { p99: number; max: number } | undefined;
  limit?: { min: number; max: number; final: number };
}

/** The figures of a contender that took `wallMs` against `provider`; `promptTokens` are the workload's, prompt by prompt. */
export function rowOf(name: string, provider: SimulatedProvider, promptTokens: readonly number[], wallMs: number, result: ContenderResult): Row {
  const c = provider.counters;
  // The binding quota: N / RPM or billed tokens / TPM windows, plus one answer's latency (the last wave).
  const idealMs = Math.max(N / PROVIDER.requestsPerMinute, c.billedTokens / PROVIDER.tokensPerMinute) * PROVIDER.windowMs + PROVIDER.latencyMedianMs;
  const latencies = [...provider.items.values()].filter((item) => item.doneAt !== undefined).map((item) => item.doneAt! - item.firstAt);
  const prompt = promptTokens.reduce((sum, t) => sum + t, 0);
  const completionTokens = c.billedTokens - prompt;
  const lags = provider.arrivals.flatMap((arrival) => (arrival.lagMs === undefined ? [] : [arrival.lagMs]));
  return {
    name,
    wallMs,
    idealMs,
    fraction: idealMs / wallMs,
    requests: c.requests,
    rejected: c.rejected429,
    share: c.rejected429 / Math.max(1, c.requests),
    errors5xx: c.errors5xx,
    ok: result.ok,
    p50: median(latencies),
    p95: quantile(latencies, 0.95),
    spendUsd: (prompt * PRICES.inputPerMillion + Math.max(0, completionTokens) * PRICES.outputPerMillion) / 1e6,
    peakWindowRequests: c.peakWindowRequests,
    peakWindowTokens: c.peakWindowTokens,
    lag: lags.length ? { p99: quantile(lags, 0.99), max: Math.max(...lags) } : undefined,
    ...(result.limit ? { limit: result.limit } : {}),
  };
}

export const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The columns of {@link cells}. */
export const COLUMNS = ['contender', 'wall', 'of ideal', 'requests', '429s', '429 share', '5xx', 'ok', 'p50 item', 'p95 item', 'spend', 'concurrency (min/max/final)'];

/** A row as table cells, in {@link COLUMNS} order. */
export function cells(row: Row): string[] {
  return [
    row.name,
    ms(row.wallMs),
    row.fraction.toFixed(3),
    count(row.requests),
    count(row.rejected),
    pct(row.share),
    count(row.errors5xx),
    `${row.ok}/${N}`,
    ms(row.p50),
    ms(row.p95),
    `$${row.spendUsd.toFixed(4)}`,
    row.limit ? `${row.limit.min}/${row.limit.max}/${row.limit.final}` : '-',
  ];
}
