import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The samples import '@flotilla/otel' as users do; tests run them against the source.
  resolve: { alias: { '@flotilla/otel': fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    name: 'otel',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
