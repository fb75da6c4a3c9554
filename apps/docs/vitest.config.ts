import { defineConfig } from 'vitest/config';

// Project 'docs': builds the site, serves it on 127.0.0.1 and drives it in
// Debian's headless Chromium (playwright-core). Screenshots of every page go to
// test-results/screenshots/ for review.
export default defineConfig({
  test: {
    name: 'docs',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
