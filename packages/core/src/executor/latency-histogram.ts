import type { LatencyStats } from '../types.js';

// Buckets 1% wide on a log scale: percentiles within 1% of the exact value,
// in memory bounded by the spread of latencies rather than their count, so a
// million-item stream keeps no per-item sample.
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const SMALLEST_MS = 0.001;

/** Latencies of a run, in milliseconds, kept as a histogram of constant size. */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private count = 0;
  private max = 0;

  /** Record one latency, in milliseconds. */
  record(ms: number): void {
    const bucket = ms <= SMALLEST_MS ? -1 : Math.floor(Math.log(ms / SMALLEST_MS) / LOG_GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** Nearest-rank percentiles; each is the upper edge of its bucket, never above the true maximum. */
  percentiles(): LatencyStats {
    if (this.count === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
    const buckets = [...this.counts.keys()].sort((a, b) => a - b);
    const at = (q: number) => {
      const rank = Math.ceil(q * this.count);
      let seen = 0;
      for (const bucket of buckets) {
        seen += this.counts.get(bucket)!;
        if (seen >= rank) return Math.min(this.max, bucket < 0 ? SMALLEST_MS : SMALLEST_MS * GROWTH ** (bucket + 1));
      }
      return this.max;
    };
    return { p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: this.max };
  }
}
