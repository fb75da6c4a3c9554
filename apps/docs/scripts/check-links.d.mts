/** Types of check-links.mjs (the link check of the built site). */

/** Every id (and `name`) of a page's HTML. */
export function idsOf(html: string): Set<string>;
/** Every file of `dir`, as `/`-separated paths relative to it. */
export function filesOf(dir: string): string[];
/** The broken internal links of a site: one line per link, `page: link (why)`. */
export function brokenLinks(pages: Map<string, string>, files: Set<string>, htmlOf: (path: string) => string | undefined): string[];
/** Crawl a built site's static HTML. */
export function checkSite(siteDir: string): { pages: number; problems: string[] };
