import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { observeSamples } from './plugins/observe-samples.js';
import { PAGES, sitePages } from './plugins/site-pages.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// A static multi-page site: one HTML file per page of plugins/site-pages.ts
// (home, getting started per runtime, the deep dive, the comparison, Sources).
// `base: './'` keeps every link relative, so dist/ works from any folder;
// scripts/build-api.mjs then adds the TypeDoc reference in dist/api, and
// scripts/check-links.mjs fails the build on a broken link.
export default defineConfig({
  base: './',
  plugins: [
    sitePages({ root: here('../..') }),
    observeSamples({ samplesDir: here('../../docs/samples'), observedCore: here('./src/observed-core.ts') }),
  ],
  build: {
    target: 'es2022',
    rollupOptions: {
      input: Object.fromEntries(Object.keys(PAGES).map((page) => [page, here(`./${page}.html`)])),
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
