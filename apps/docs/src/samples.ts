/**
 * The files of docs/samples, found at build time: the same files `pnpm demo`
 * and the sample tests run. Each file's text comes from a `?raw` import of
 * that file, and its module is loaded on demand. A file is a runnable sample
 * when it exports `title`, `run`, `render` and `headline`, so a new sample
 * appears on the site without touching it.
 */

/** What a sample module exports (see docs/deep-dive.md). */
export interface SampleModule {
  /** Title of the sample. */
  title: string;
  /** Run the scenario; resolves to its report. */
  run(options?: object): Promise<unknown>;
  /** The report as lines of text. */
  render(report: unknown): string[];
  /** The report in one line. */
  headline(report: unknown): string;
}

/** Which part of the deep dive a sample belongs to. */
export type Part = 'WHEN' | 'HOW' | 'WHY';

/** One file of docs/samples. */
export interface SampleFile {
  /** File name without `.ts`, e.g. `batch`. */
  name: string;
  /** Path from the repository root, e.g. `docs/samples/batch.ts`. */
  path: string;
  /** The file's text. */
  source: string;
  /** `true` when it is a runnable sample (exports title, run, render, headline). */
  runnable: boolean;
  /** The `title` it exports, read from its text. */
  title: string | undefined;
  /** Its part, from the `WHEN:` / `HOW:` / `WHY:` that opens its doc comment. */
  part: Part | undefined;
  /** The first paragraph of its doc comment. */
  summary: string;
  /** Load its module. */
  load(): Promise<SampleModule>;
}

const SOURCES = import.meta.glob<string>(['../../../docs/samples/*.ts', '!../../../docs/samples/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const MODULES = import.meta.glob<SampleModule>(['../../../docs/samples/*.ts', '!../../../docs/samples/*.test.ts']);

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

function describe(path: string, source: string): SampleFile {
  const name = path.replace(/^.*\//, '').replace(/\.ts$/, '');
  const comment = docComment(source);
  const part = /^(WHEN|HOW|WHY):/.exec(comment)?.[1] as Part | undefined;
  const load = MODULES[path];
  return {
    name,
    path: `docs/samples/${name}.ts`,
    source,
    runnable: EXPORTS.every((pattern) => pattern.test(source)),
    title: /export\s+const\s+title\s*=\s*(['"`])(.*?)\1/.exec(source)?.[2],
    part,
    summary: (comment.split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' '),
    load: () => (load ? load() : Promise.reject(new Error(`no module for ${path}`))),
  };
}

/** Every file of docs/samples (tests excluded), by name. */
export const SAMPLE_FILES: ReadonlyMap<string, SampleFile> = new Map(
  Object.entries(SOURCES)
    .map(([path, source]) => describe(path, source))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((file) => [file.name, file]),
);

/** The site page of each part of the deep dive. */
export const PAGE_OF_PART: Readonly<Record<Part, string>> = { WHEN: 'when', HOW: 'how', WHY: 'why' };
