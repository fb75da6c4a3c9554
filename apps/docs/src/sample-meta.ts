/**
 * What the site reads from the text of a file of docs/samples: whether it is a
 * runnable sample, its title, its part (WHEN / HOW / WHY) and its summary. Pure
 * text functions, shared by the browser code (src/samples.ts) and the build-time
 * Sources page (plugins/sources-html.ts).
 */

/** Which part of the deep dive a sample belongs to. */
export type Part = 'WHEN' | 'HOW' | 'WHY';

/** What the text of one file of docs/samples says about it. */
export interface SampleMeta {
  /** File name without `.ts`, e.g. `batch` (`samples.test` for a test file). */
  name: string;
  /** Path from the repository root, e.g. `docs/samples/batch.ts`. */
  path: string;
  /** `true` when it is a runnable sample (exports title, run, render, headline). */
  runnable: boolean;
  /** The `title` it exports, read from its text. */
  title: string | undefined;
  /** Its part, from the `WHEN:` / `HOW:` / `WHY:` that opens its doc comment. */
  part: Part | undefined;
  /** The first paragraph of its doc comment. */
  summary: string;
}

const EXPORTS = [/export\s+const\s+title\b/, /export\s+(async\s+)?function\s+run\s*\(/, /export\s+function\s+render\s*\(/, /export\s+function\s+headline\s*\(/];

/** The first doc comment's text, without the `*` margins. */
function docComment(source: string): string {
  const comment = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim();
}

/** Read a sample file's metadata from its path (any folder, file name kept) and text. */
export function sampleMeta(path: string, source: string): SampleMeta {
  const name = path.replace(/^.*\//, '').replace(/\.ts$/, '');
  const comment = docComment(source);
  return {
    name,
    path: `docs/samples/${name}.ts`,
    runnable: EXPORTS.every((pattern) => pattern.test(source)),
    title: /export\s+const\s+title\s*=\s*(['"`])(.*?)\1/.exec(source)?.[2],
    part: /^(WHEN|HOW|WHY):/.exec(comment)?.[1] as Part | undefined,
    summary: (comment.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' '),
  };
}

/** The site page of each part of the deep dive. */
export const PAGE_OF_PART: Readonly<Record<Part, string>> = { WHEN: 'when', HOW: 'how', WHY: 'why' };

/** The first sentence of a doc comment, without its WHEN / HOW / WHY tag. */
export function firstSentence(summary: string): string {
  const text = summary.replace(/^(WHEN|HOW|WHY):\s*/, '');
  const sentence = /^.*?[.:](\s|$)/.exec(text)?.[0] ?? text;
  return sentence.trim().replace(/:$/, '.');
}
