import { defineConfig } from 'vitest/config';

// One vitest run covers every package: each package's vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'packages/*/vitest.*.config.ts', 'apps/*/vitest.config.ts', 'docs/vitest.config.ts'],
  },
});
