/**
 * The search index of the site, built from each page's rendered HTML: one entry
 * per heading with an id (its page, anchor, heading text and the text below it
 * up to the next heading). The search box (src/search.ts) loads it once and
 * matches in the browser; nothing is sent anywhere.
 */

/** One searchable section of a page. */
export interface SearchEntry {
  /** Page file, e.g. `how.html`. */
  page: string;
  /** Anchor of the heading (without `#`). */
  id: string;
  /** Title of the page. */
  pageTitle: string;
  /** Text of the heading. */
  heading: string;
  /** Text of the section below it, whitespace collapsed, at most 600 characters. */
  text: string;
}

const TEXT_LIMIT = 600;

const toText = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The entries of one page. */
export function searchEntries(page: string, pageTitle: string, html: string): SearchEntry[] {
  const heading = /<h([1-3])\s+id="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g;
  const matches = [...html.matchAll(heading)];
  return matches.map((match, i) => {
    const end = matches[i + 1]?.index ?? html.length;
    const body = html.slice(match.index + match[0].length, end);
    return { page: `${page}.html`, id: match[2]!, pageTitle, heading: toText(match[3]!), text: toText(body).slice(0, TEXT_LIMIT) };
  });
}
