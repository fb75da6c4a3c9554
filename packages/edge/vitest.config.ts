import { defineConfig } from 'vitest/config';

// Project 'edge-node': the dispatch app on Node through @hono/node-server,
// over real HTTP on 127.0.0.1, plus the pure policies (clamping, aggregates).
// The workerd tests live in apps/worker (project 'worker').
export default defineConfig({
  test: {
    name: 'edge-node',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
