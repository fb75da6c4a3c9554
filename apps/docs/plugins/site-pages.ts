/**
 * Vite plugin that fills each page's HTML at build time: the site header (with
 * the search box and the link to the API reference on every page) and the
 * page's content: its part of docs/deep-dive.md, a markdown page of docs/, or the
 * Sources page. It also writes `search-index.json`, the index the search box
 * reads. The live sample runners are mounted at runtime.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Plugin } from 'vite';
import { DEEP_DIVE_PAGES, renderDeepDive, type DeepDivePage } from './deep-dive-pages.js';
import { loadHighlight, type Highlight } from './highlight.js';
import { renderMarkdownPage } from './markdown-page.js';
import { searchEntries } from './search-index.js';
import { renderSources } from './sources-html.js';

/** Options of {@link sitePages}. */
export interface SitePagesOptions {
  /** Absolute path of the repository root. */
  root: string;
}

/** One page of the site. */
interface PageInfo {
  /** Shown in the header and the tab title. */
  title: string;
  /** Where its content comes from: the deep dive, a markdown file of the repository, or the Sources page. */
  from: 'deep-dive' | 'sources' | { markdown: string };
  /** The header entry that is current on this page. */
  nav: NavId;
}

/** The header's entries, in order. */
const NAV = {
  index: { label: 'Home', href: 'index.html' },
  start: { label: 'Get started', href: 'start-node.html' },
  overview: { label: 'Deep dive', href: 'overview.html' },
  when: { label: 'WHEN', href: 'when.html' },
  how: { label: 'HOW', href: 'how.html' },
  why: { label: 'WHY', href: 'why.html' },
  'why-not': { label: 'Why not p-limit', href: 'why-not.html' },
  architecture: { label: 'Architecture', href: 'architecture.html' },
  source: { label: 'Sources', href: 'source.html' },
} as const;
type NavId = keyof typeof NAV;

/** The pages of the site, by file name without `.html`. */
export const PAGES: Record<string, PageInfo> = {
  index: { title: 'Flotilla: many LLM agents in parallel, under a budget', from: { markdown: 'docs/home.md' }, nav: 'index' },
  'start-node': { title: 'Getting started on Node', from: { markdown: 'docs/start/node.md' }, nav: 'start' },
  'start-browser': { title: 'Getting started in the browser', from: { markdown: 'docs/start/browser.md' }, nav: 'start' },
  'start-workers': { title: 'Getting started on Cloudflare Workers', from: { markdown: 'docs/start/workers.md' }, nav: 'start' },
  overview: { title: 'Deep dive', from: 'deep-dive', nav: 'overview' },
  when: { title: 'WHEN', from: 'deep-dive', nav: 'when' },
  how: { title: 'HOW', from: 'deep-dive', nav: 'how' },
  why: { title: 'WHY', from: 'deep-dive', nav: 'why' },
  'why-not': { title: 'Why not p-limit, p-queue or a gateway', from: { markdown: 'docs/why-not.md' }, nav: 'why-not' },
  architecture: { title: 'Architecture', from: { markdown: 'docs/architecture.md' }, nav: 'architecture' },
  source: { title: 'Sources', from: 'sources', nav: 'source' },
};

const START_PAGES = [
  ['start-node', 'Node'],
  ['start-browser', 'Browser'],
  ['start-workers', 'Cloudflare Workers'],
] as const;

const PLACEHOLDER = '<!--flotilla:page-->';

/** The header shown on every page, `current` marked for screen readers and styling. */
export function siteHeader(current: string): string {
  const active = PAGES[current]?.nav;
  const link = ([id, entry]: [string, { label: string; href: string }]) =>
    `<a href="${entry.href}"${id === active ? ' aria-current="page"' : ''}>${entry.label}</a>`;
  return [
    '<header class="site-header">',
    '  <a class="brand" href="index.html">Flotilla <span>docs</span></a>',
    '  <nav aria-label="Site">',
    `    ${Object.entries(NAV).map(link).join('\n    ')}`,
    '    <a href="api/index.html" class="api-link">API reference</a>',
    '  </nav>',
    '  <form class="site-search" role="search" action="#" onsubmit="return false">',
    '    <input type="search" id="site-search" placeholder="Search the docs" aria-label="Search the docs" autocomplete="off" />',
    '    <ol class="search-results" id="search-results" hidden></ol>',
    '  </form>',
    '</header>',
  ].join('\n');
}

/** The tabs between the getting-started pages. */
function startTabs(current: string): string {
  const tabs = START_PAGES.map(([id, label]) => `<a href="${id}.html"${id === current ? ' aria-current="page"' : ''}>${label}</a>`);
  return `<nav class="start-tabs" aria-label="Runtime">${tabs.join('')}</nav>\n`;
}

/** The rendered content of every page, by page id, plus where each sample of the deep dive lives. */
export interface RenderedSite {
  content: Record<string, string>;
  samplePages: Record<string, DeepDivePage>;
}

/** Render the content of every page. */
export function renderSite(root: string, highlight: Highlight): RenderedSite {
  const { html: deepDive, samplePages } = renderDeepDive(readFileSync(join(root, 'docs/deep-dive.md'), 'utf8'), highlight);
  const pageOfFile: Record<string, string> = { 'docs/deep-dive.md': 'overview' };
  for (const [id, page] of Object.entries(PAGES)) if (typeof page.from === 'object') pageOfFile[page.from.markdown] = id;
  const content: Record<string, string> = {};
  for (const [id, page] of Object.entries(PAGES)) {
    if (page.from === 'deep-dive') content[id] = deepDive[id as DeepDivePage];
    else if (page.from === 'sources') content[id] = renderSources(join(root, 'docs/samples'), samplePages, highlight);
    else {
      const html = renderMarkdownPage({ root, file: join(root, page.from.markdown), pageOfFile, highlight });
      content[id] = id.startsWith('start-') ? startTabs(id) + html : html;
    }
  }
  return { content, samplePages };
}

/** The plugin: replaces `<!--flotilla:page-->` in `<page>.html` with the header and the page's content. */
export function sitePages(options: SitePagesOptions): Plugin {
  let rendered: Promise<RenderedSite> | undefined;
  const site = () => (rendered ??= loadHighlight().then((highlight) => renderSite(options.root, highlight)));
  const watched = ['docs/deep-dive.md', 'docs/home.md', 'docs/why-not.md', 'docs/architecture.md', 'docs/start', 'BENCHMARKS.md'].map((path) => join(options.root, path));
  return {
    name: 'flotilla-site-pages',
    transformIndexHtml: {
      order: 'pre',
      async handler(html, ctx) {
        const page = basename(ctx.filename, '.html');
        const info = PAGES[page];
        if (!info) throw new Error(`${ctx.filename}: no such page; add it to PAGES in plugins/site-pages.ts`);
        const { content, samplePages } = await site();
        const placement = `<script type="application/json" id="sample-pages">${JSON.stringify(samplePages)}</script>`;
        const body = `${siteHeader(page)}\n<main class="content" id="content">\n${content[page]}\n</main>\n${placement}`;
        // Replacer functions: a `$` in the content (code samples have many) must not be read as a pattern.
        return html.replace(PLACEHOLDER, () => body).replace(/<title>.*<\/title>/, () => `<title>${info.title} · Flotilla docs</title>`);
      },
    },
    async generateBundle() {
      const { content } = await site();
      const entries = Object.entries(content).flatMap(([page, html]) => searchEntries(page, PAGES[page]!.title, html));
      this.emitFile({ type: 'asset', fileName: 'search-index.json', source: JSON.stringify(entries) });
    },
    configureServer(server) {
      // In `vite dev`, an edit of a page's source reloads the page.
      for (const path of watched) server.watcher.add(path);
      server.watcher.on('change', (file) => {
        if (watched.some((path) => file.startsWith(path)) || file.includes('/docs/samples/')) {
          rendered = undefined;
          server.ws.send({ type: 'full-reload' });
        }
      });
    },
  };
}
