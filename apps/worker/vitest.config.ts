import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_BINDINGS } from './test/support/bindings.js';

// Project 'worker': the worker and @flotilla/edge inside workerd (the real
// Workers runtime), with the KV namespace and Durable Object of wrangler.jsonc.
// Secrets and small limits for the tests come from test/support/bindings.ts.
// No internet here or in CI: no telemetry, no download of the `request.cf` data.
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './wrangler.jsonc' }, miniflare: { bindings: TEST_BINDINGS } })],
  test: {
    name: 'worker',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
