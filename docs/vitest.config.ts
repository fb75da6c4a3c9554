import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'samples',
    include: ['samples/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
