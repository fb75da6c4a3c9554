/**
 * Vite plugin that fills each page's HTML at build time: the site header
 * (with the link to the API reference on every page) and that page's part of
 * docs/deep-dive.md. The live sample runners are mounted at runtime.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Plugin } from 'vite';
import { PAGES, renderDeepDive, type PageId } from './deep-dive-pages.js';

/** Options of {@link sitePages}. */
export interface SitePagesOptions {
  /** Absolute path of docs/deep-dive.md. */
  deepDive: string;
}

const PLACEHOLDER = '<!--flotilla:page-->';

/** The header shown on every page, `current` marked for screen readers and styling. */
export function siteHeader(current: PageId): string {
  const link = (id: PageId) =>
    `<a href="${id}.html"${id === current ? ' aria-current="page"' : ''}>${PAGES[id].title}</a>`;
  return [
    '<header class="site-header">',
    '  <a class="brand" href="index.html">Flotilla <span>docs</span></a>',
    '  <nav aria-label="Site">',
    `    ${(Object.keys(PAGES) as PageId[]).map(link).join('\n    ')}`,
    '    <a href="api/index.html" class="api-link">API reference</a>',
    '  </nav>',
    '</header>',
  ].join('\n');
}

/** The plugin: replaces `<!--flotilla:page-->` in `<page>.html` with the header and the page's prose. */
export function sitePages(options: SitePagesOptions): Plugin {
  return {
    name: 'flotilla-site-pages',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const page = basename(ctx.filename, '.html') as PageId;
        if (!(page in PAGES)) throw new Error(`${ctx.filename}: no such page; add it to PAGES in plugins/deep-dive-pages.ts`);
        const { html: pages, samplePages } = renderDeepDive(readFileSync(options.deepDive, 'utf8'));
        const placement = `<script type="application/json" id="sample-pages">${JSON.stringify(samplePages)}</script>`;
        const body = `${siteHeader(page)}\n<main class="content" id="content">\n${pages[page]}\n</main>\n${placement}`;
        return html.replace(PLACEHOLDER, body);
      },
    },
    configureServer(server) {
      // In `vite dev`, an edit of the deep dive reloads the page.
      server.watcher.add(options.deepDive);
      server.watcher.on('change', (file) => {
        if (file === options.deepDive) server.ws.send({ type: 'full-reload' });
      });
    },
  };
}
