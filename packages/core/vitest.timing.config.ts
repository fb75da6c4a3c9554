import { defineConfig } from 'vitest/config';

// Wall-clock bounds (issue: within 10% of the ideal makespan) run alone, first.
export default defineConfig({
  test: {
    name: 'core-timing',
    include: ['test/timing/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
