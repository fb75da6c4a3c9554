/**
 * The Sources page, at build time: every file of docs/samples (tests included),
 * shown from the file itself and highlighted, with a link to the live runner of
 * each runnable sample. Built as static HTML, so every `source.html#file-<name>`
 * anchor exists for the link check without running a script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstSentence, PAGE_OF_PART, sampleMeta } from '../src/sample-meta.js';
import type { Highlight } from './highlight.js';

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const withCode = (text: string) => text.split('`').map((part, i) => (i % 2 === 1 ? `<code>${escape(part)}</code>` : escape(part))).join('');

/** The HTML of the Sources page; `placed` maps a sample named in the deep dive to its page. */
export function renderSources(samplesDir: string, placed: Record<string, string>, highlight: Highlight): string {
  const files = readdirSync(samplesDir)
    .filter((file) => file.endsWith('.ts'))
    .sort((a, b) => a.localeCompare(b))
    .map((file) => {
      const source = readFileSync(join(samplesDir, file), 'utf8');
      return { ...sampleMeta(file, source), source };
    });
  const list = files
    .map((file) => `  <li><a href="#file-${escape(file.name)}.ts"><code>${escape(file.name)}.ts</code></a> ${withCode(firstSentence(file.summary))}</li>`)
    .join('\n');
  const sections = files.map((file) => {
    const page = placed[file.name] ?? (file.part ? PAGE_OF_PART[file.part] : 'overview');
    const run = file.runnable
      ? `<p><a href="${page}.html#sample-${escape(file.name)}">Run it live on the ${page === 'overview' ? 'Deep dive' : page.toUpperCase()} page</a></p>\n`
      : '';
    return `<section id="file-${escape(file.name)}.ts" class="source-file">\n<h2>${escape(file.path)}</h2>\n${run}${highlight(file.source, 'ts')}\n</section>`;
  });
  return [
    '<h1 id="sources-of-the-samples">Sources of the samples</h1>',
    '<p>Every file of docs/samples, as the demo (pnpm demo), the sample tests and this site use it: one copy of each.</p>',
    `<ul class="file-list">\n${list}\n</ul>`,
    ...sections,
  ].join('\n');
}
