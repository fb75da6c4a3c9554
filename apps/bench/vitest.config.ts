import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'bench',
    include: ['test/**/*.test.ts'],
    // The quick bench spawns one process per scenario (and four under callgrind, ~20 s of CPU each); on a busy 2-core machine that takes a while.
    testTimeout: 480_000,
  },
});
