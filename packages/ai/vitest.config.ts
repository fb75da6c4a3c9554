import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The samples import '@flotilla/ai' as users do; tests run them against the source.
  resolve: { alias: { '@flotilla/ai': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    name: 'ai',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
