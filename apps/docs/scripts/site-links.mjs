// TypeDoc writes each `navigationLinks` URL as given on every page, whatever its
// folder, so a relative `../when.html` is right on api/index.html only and 404s on
// api/functions/*.html. api.typedoc.json therefore names site pages as
// `site:<page>`, and this rewrites them on each page to the path relative to it
// (`../when.html` in api/, `../../when.html` in api/functions/), which works on any
// static host and under any base path.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The scheme of a link to a page of the site in api.typedoc.json. */
export const SITE_SCHEME = 'site:';

/** `html` with every `href="site:<page>"` made relative to a page `depth` folders below the site root. */
export function relativizeHtml(html, depth) {
  const up = '../'.repeat(depth);
  return html.replaceAll(`href="${SITE_SCHEME}`, `href="${up}`);
}

/** Rewrite every HTML file under `apiDir` (the site's api/ folder); returns how many changed. */
export function relativizeSiteLinks(apiDir) {
  let changed = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) {
        const depth = relative(join(apiDir, '..'), path).split(sep).length - 1;
        const html = readFileSync(path, 'utf8');
        const next = relativizeHtml(html, depth);
        if (next !== html) {
          writeFileSync(path, next);
          changed++;
        }
      }
    }
  };
  walk(apiDir);
  return changed;
}
