import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/executor/latency-histogram.js';
import { percentiles } from '../src/internal.js';

describe('latency histogram', () => {
  it('gives every percentile within 1% of the exact nearest-rank value, and the exact maximum', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 120_000, noNaN: true }), { minLength: 1, maxLength: 500 }), (samples) => {
        const histogram = new LatencyHistogram();
        for (const ms of samples) histogram.record(ms);
        const approx = histogram.percentiles();
        const exact = percentiles(samples);
        expect(approx.max).toBe(exact.max);
        for (const q of ['p50', 'p90', 'p95', 'p99'] as const) {
          expect(approx[q]).toBeGreaterThanOrEqual(exact[q] * 0.999);
          expect(approx[q]).toBeLessThanOrEqual(exact[q] * 1.0101);
        }
      }),
    );
  });

  it('is all zeros when empty, and handles zero latencies', () => {
    expect(new LatencyHistogram().percentiles()).toEqual({ p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
    const histogram = new LatencyHistogram();
    histogram.record(0);
    expect(histogram.percentiles().max).toBe(0);
  });
});
