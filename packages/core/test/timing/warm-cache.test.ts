import { describe, expect, it } from 'vitest';
import { dispatch, memoryCache } from '../../src/index.js';

describe('a warm cache', () => {
  it("an answer stored after the input passed the check is served again without the check's cost", async () => {
    const cache = memoryCache();
    const agent = { name: 'echo', run: (input: { text: string }) => input.text };
    // A long, clean text: checking it costs far more than a cache lookup.
    const inputs = Array.from({ length: 200 }, (_, i) => ({ text: `receipt ${i}: ${'three coffees and a bagel, paid by card. '.repeat(40)}` }));
    const timed = async () => {
      const started = performance.now();
      const run = await dispatch({ agent, inputs, cache });
      return { ms: performance.now() - started, run };
    };
    const cold = await timed();
    const warm = await timed();
    expect(warm.run.results.every((r) => r.ok && r.cached && r.meta === undefined)).toBe(true);
    // Generous: the warm run skips 200 injection checks of 1.6 KB each.
    expect(warm.ms).toBeLessThan(cold.ms / 3);
  });
});
