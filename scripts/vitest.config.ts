import { defineConfig } from 'vitest/config';

// Project 'readme': runs every fenced shell block of README.md and packages/*/README.md.
// scripts/test.mjs runs it on its own, after the other projects: its blocks install,
// build and start servers, which must not race other tests.
export default defineConfig({
  test: {
    name: 'readme',
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
