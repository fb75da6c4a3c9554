import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig([
  {
    // The library: ESM + CJS + types. Its clean keeps the CLI built below (both run at once).
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: ['!cli.js', '!cli.js.map'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    external: ['@flotilla/core', 'better-sqlite3'],
  },
  {
    // The `flotilla` executable: ESM only; src/cli.ts starts with a shebang, which esbuild keeps.
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    external: ['@flotilla/core', 'better-sqlite3'],
    define: { __FLOTILLA_VERSION__: JSON.stringify(version) },
  },
]);
