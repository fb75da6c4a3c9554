import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium.js';

// Project 'browser-chromium': the shared tests (and any `*.browser.test.ts`)
// on real IndexedDB in Debian's headless Chromium. The vitest instance is
// named 'browser-chromium (chromium)'; `--project browser-chromium` selects it.
export default defineConfig({
  test: {
    name: 'browser-chromium',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.node.test.ts'],
    testTimeout: 30_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      instances: [{ browser: 'chromium' }],
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
    },
  },
});
