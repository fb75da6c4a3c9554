import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium.js';

// Project 'browser-chromium': the shared tests (and `*.browser.test.ts`) on
// real IndexedDB in Debian's headless Chromium. Files run one at a time since
// they share one origin's storage (a quota override would leak across files).
export default defineConfig({
  test: {
    name: 'browser-chromium',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.node.test.ts'],
    testTimeout: 30_000,
    fileParallelism: false,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: 'chromium' }],
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
    },
  },
});
