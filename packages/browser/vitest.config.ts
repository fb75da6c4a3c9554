import { defineConfig } from 'vitest/config';

// Project 'browser-node': every shared test against fake-indexeddb, plus the
// Node-only tests (`*.node.test.ts`), among them the true page reload driven
// through Playwright. Its sibling 'browser-chromium' (vitest.chromium.config.ts)
// runs the shared tests on real IndexedDB in headless Chromium.
export default defineConfig({
  test: {
    name: 'browser-node',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    setupFiles: ['test/support/fake-indexeddb.ts'],
    testTimeout: 30_000,
  },
});
