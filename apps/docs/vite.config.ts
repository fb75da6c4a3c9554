import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { observeSamples } from './plugins/observe-samples.js';
import { sitePages } from './plugins/site-pages.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// A static multi-page site: one HTML file per page of the deep dive, plus the
// Sources page. `base: './'` keeps every link relative, so dist/ works from
// any folder; scripts/build-api.mjs then adds the TypeDoc reference in dist/api.
export default defineConfig({
  base: './',
  plugins: [
    sitePages({ deepDive: here('../../docs/deep-dive.md') }),
    observeSamples({ samplesDir: here('../../docs/samples'), observedCore: here('./src/observed-core.ts') }),
  ],
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        index: here('./index.html'),
        when: here('./when.html'),
        how: here('./how.html'),
        why: here('./why.html'),
        source: here('./source.html'),
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
