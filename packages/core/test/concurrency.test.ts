import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/index.js';
import { concurrencyProbe, delay } from './helpers.js';

describe('concurrency', () => {
  it('never runs more than maxConcurrent agents at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), async (latencies, k) => {
        const probe = concurrencyProbe((ms: number) => delay(ms));
        const run = await dispatch({ agent: probe.agent, inputs: latencies, cache: false, limits: { maxConcurrent: k } });
        expect(probe.peak).toBeLessThanOrEqual(k);
        expect(run.stats.peakConcurrency).toBe(probe.peak);
        if (latencies.length >= k) expect(probe.peak).toBe(k);
      }),
      { numRuns: 40 },
    );
  });

  it('reuses a freed slot at once, without polling', async () => {
    const starts: number[] = [];
    const begin = performance.now();
    await dispatch({
      agent: async (ms: number) => {
        starts.push(performance.now() - begin);
        await delay(ms);
      },
      inputs: [20, 200, 20],
      cache: false,
      limits: { maxConcurrent: 2 },
    });
    // The third item takes the first item's slot about 20 ms in, not at a polling tick.
    expect(starts[2]).toBeGreaterThanOrEqual(18);
    expect(starts[2]).toBeLessThan(60);
  });
});
