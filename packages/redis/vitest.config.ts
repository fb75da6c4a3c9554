import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // Every test here talks to a real Redis: stop the run at once, with what to do, when none answers.
    globalSetup: ['./test/support/require-redis.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
