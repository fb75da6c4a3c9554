import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/index.js';
import { delay } from '../helpers.js';

// These run in their own vitest project, before every other test, so that no
// other test file loads the CPU meanwhile (scripts/test.mjs).
describe('makespan', () => {
  // Generous bounds: precise numbers belong to apps/bench.
  it('50 items x 100 ms at maxConcurrent 10 finish within 10% of 500 ms', async () => {
    const run = await dispatch({ agent: () => delay(100), inputs: Array.from({ length: 50 }, (_, i) => i), cache: false, limits: { maxConcurrent: 10 } });
    expect(run.stats.wallMs).toBeGreaterThanOrEqual(495);
    expect(run.stats.wallMs).toBeLessThan(550);
  });

  it('10 items x 100 ms at maxConcurrent 3 finish within 10% of 400 ms', async () => {
    const run = await dispatch({ agent: () => delay(100), inputs: Array.from({ length: 10 }, (_, i) => i), cache: false, limits: { maxConcurrent: 3 } });
    expect(run.stats.wallMs).toBeGreaterThanOrEqual(395);
    expect(run.stats.wallMs).toBeLessThan(440);
  });

});
