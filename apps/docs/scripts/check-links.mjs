#!/usr/bin/env node
// Checks every internal link of the built site: each `href` / `src` that stays on
// the site must name a file that exists, and each `#fragment` an element with that
// id (or name) on the target page. External links (a scheme or `//`) are not fetched.
// `node scripts/check-links.mjs [siteDir]` crawls a built site's static HTML and
// exits 1 on any broken link; the docs test runs the same check on the HTML of each
// page after its scripts ran (the Sources page and the runners add ids at runtime).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ATTRIBUTE = /\s(?:href|src)\s*=\s*"([^"]*)"/g;
const ID = /\s(?:id|name)\s*=\s*"([^"]*)"/g;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

const decodeEntities = (text) =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/** Every id (and `name`) of a page's HTML. */
export function idsOf(html) {
  return new Set([...html.matchAll(ID)].map((match) => decodeEntities(match[1])));
}

/** Every file of `dir`, as `/`-separated paths relative to it. */
export function filesOf(dir) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files;
}

/**
 * The broken internal links of a site.
 * @param {Map<string, string>} pages HTML of each page to check, by path relative to the site root (`api/index.html`)
 * @param {Set<string>} files every file of the site, by the same kind of path
 * @param {(path: string) => string | undefined} htmlOf the HTML of a target page, for its ids
 * @returns {string[]} one line per broken link: `page: link (why)`
 */
export function brokenLinks(pages, files, htmlOf) {
  const problems = [];
  const idCache = new Map();
  const idsAt = (path) => {
    if (!idCache.has(path)) idCache.set(path, idsOf(htmlOf(path) ?? ''));
    return idCache.get(path);
  };
  for (const [page, html] of pages) {
    for (const match of html.matchAll(ATTRIBUTE)) {
      const link = decodeEntities(match[1]).trim();
      if (link === '' || link === '#' || EXTERNAL.test(link)) continue;
      const url = new URL(link, `http://site.invalid/${page}`);
      let target = decodeURIComponent(url.pathname).replace(/^\//, '');
      if (target === '' || target.endsWith('/')) target += 'index.html';
      else if (!files.has(target) && files.has(`${target}/index.html`)) target += '/index.html';
      if (!files.has(target)) {
        problems.push(`${page}: ${link} (no such file: ${target})`);
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment !== '' && target.endsWith('.html') && !idsAt(target).has(fragment)) {
        problems.push(`${page}: ${link} (no element with id "${fragment}" on ${target})`);
      }
    }
  }
  return problems;
}

/** Crawl a built site's static HTML. */
export function checkSite(siteDir) {
  const files = new Set(filesOf(siteDir));
  const read = (path) => (files.has(path) ? readFileSync(join(siteDir, path), 'utf8') : undefined);
  const pages = new Map([...files].filter((file) => file.endsWith('.html')).map((file) => [file, read(file)]));
  return { pages: pages.size, problems: brokenLinks(pages, files, read) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const siteDir = process.argv[2] ?? join(fileURLToPath(new URL('..', import.meta.url)), 'dist');
  statSync(siteDir);
  const { pages, problems } = checkSite(siteDir);
  if (problems.length > 0) {
    console.error(`check-links: ${problems.length} broken link(s) in ${pages} pages:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`check-links: ${pages} pages, every internal link and anchor resolves`);
}
