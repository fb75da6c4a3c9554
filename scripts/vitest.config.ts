import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README command runner: every fenced shell block of README.md and packages/*/README.md.
// Not a project of the root vitest.config.ts: its blocks install, build and start servers
// on fixed ports, so scripts/test.mjs runs it on its own, after the other tests:
//   node_modules/.bin/vitest run --config scripts/vitest.config.ts
export default defineConfig({
  test: {
    name: 'readme',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
