/**
 * Splits docs/deep-dive.md into the site's deep-dive pages (overview, WHEN,
 * HOW, WHY) and renders each to HTML with `marked`, at build time. A `### `
 * section whose first link is `samples/<name>.ts` is followed by a placeholder
 * where the page mounts that sample's live runner.
 */
import { Marked, type Tokens } from 'marked';
import { codeRenderer, type Highlight } from './highlight.js';

/** The pages of the deep dive, by file name without `.html`. */
export const DEEP_DIVE_PAGES = ['overview', 'when', 'how', 'why'] as const;

/** One page of the deep dive. */
export type DeepDivePage = (typeof DEEP_DIVE_PAGES)[number];

/** The deep dive, rendered page by page. */
export interface DeepDivePages {
  /** HTML of each page's prose, with `<section class="sample" data-sample>` placeholders. */
  html: Record<DeepDivePage, string>;
  /** The page each sample named in the prose lives on (sample name, e.g. `batch`, to page). */
  samplePages: Record<string, DeepDivePage>;
}

type PageId = DeepDivePage;

const SAMPLE_LINK = /\(samples\/([\w-]+)\.ts\)/;

interface Chunk {
  page: PageId;
  markdown: string;
  sample: string | undefined;
}

/** The page a `## ` heading belongs to: WHEN / HOW / WHY by its first word, else the overview. */
function pageOf(heading: string): PageId {
  const word = heading.replace(/^#+\s*/, '').split(/\s/)[0];
  if (word === 'WHEN') return 'when';
  if (word === 'HOW') return 'how';
  if (word === 'WHY') return 'why';
  return 'overview';
}

/** Cut the markdown at `## ` and `### ` headings (outside code fences), keeping each heading with its text. */
function chunksOf(markdown: string): Chunk[] {
  const chunks: Chunk[] = [];
  let page: PageId = 'overview';
  let current: string[] = [];
  let fenced = false;
  const flush = () => {
    const text = current.join('\n');
    if (text.trim() !== '') {
      // Only a sample subsection (### with a samples/ link) gets a runner.
      const isSubsection = /^###\s/.test(text);
      chunks.push({ page, markdown: text, sample: isSubsection ? SAMPLE_LINK.exec(text)?.[1] : undefined });
    }
    current = [];
  };
  for (const line of markdown.split('\n')) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    if (!fenced && /^#{2,3}\s/.test(line)) {
      flush();
      if (/^##\s/.test(line)) page = pageOf(line);
    }
    current.push(line);
  }
  flush();
  return chunks;
}

/** A URL-safe id for a heading text. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Where a link of the deep dive points on the site: a sample's runner on its
 * page, any other file of samples/ on the Sources page. Other links are kept.
 */
function siteHref(href: string, samplePages: Record<string, PageId>): string {
  const file = /^samples\/([\w.-]+\.ts)$/.exec(href)?.[1];
  if (file) {
    const name = file.replace(/\.ts$/, '');
    const page = samplePages[name];
    return page ? `${page}.html#sample-${name}` : `source.html#file-${file}`;
  }
  if (href === 'samples/' || href === 'samples') return 'source.html';
  return href;
}

/** Render docs/deep-dive.md into the pages of the site, code blocks coloured by `highlight`. */
export function renderDeepDive(markdown: string, highlight: Highlight): DeepDivePages {
  const chunks = chunksOf(markdown);
  const samplePages: Record<string, PageId> = {};
  for (const chunk of chunks) if (chunk.sample && !(chunk.sample in samplePages)) samplePages[chunk.sample] = chunk.page;

  const marked = new Marked({
    gfm: true,
    walkTokens(token) {
      if (token.type === 'link') (token as Tokens.Link).href = siteHref((token as Tokens.Link).href, samplePages);
    },
    renderer: {
      heading({ tokens, depth }) {
        const inner = this.parser.parseInline(tokens);
        // The page title is the top heading of the overview; sections below start at h2.
        return `<h${depth} id="${slug(inner)}">${inner}</h${depth}>\n`;
      },
      code: codeRenderer(highlight),
    },
  });

  const html: Record<PageId, string> = { overview: '', when: '', how: '', why: '' };
  const placed = new Set<string>();
  for (const chunk of chunks) {
    html[chunk.page] += marked.parse(chunk.markdown, { async: false });
    if (chunk.sample && !placed.has(chunk.sample)) {
      placed.add(chunk.sample);
      html[chunk.page] += `<section class="sample" id="sample-${chunk.sample}" data-sample="${chunk.sample}"></section>\n`;
    }
  }
  return { html, samplePages };
}
