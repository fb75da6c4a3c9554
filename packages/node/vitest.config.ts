import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn dist/cli.js; this builds the package first when dist is missing or stale.
    globalSetup: ['./test/support/ensure-built.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
