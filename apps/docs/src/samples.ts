/**
 * The files of docs/samples, found at build time: the same files `pnpm demo`
 * and the sample tests run. Each file's text comes from a `?raw` import of
 * that file, and its module is loaded on demand. A file is a runnable sample
 * when it exports `title`, `run`, `render` and `headline`, so a new sample
 * appears on the site without touching it.
 */
import { sampleMeta, type SampleMeta } from './sample-meta.js';

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

/** One file of docs/samples. */
export interface SampleFile extends SampleMeta {
  /** The file's text. */
  source: string;
  /** Load its module. */
  load(): Promise<SampleModule>;
}

const SOURCES = import.meta.glob<string>(['../../../docs/samples/*.ts', '!../../../docs/samples/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const MODULES = import.meta.glob<SampleModule>(['../../../docs/samples/*.ts', '!../../../docs/samples/*.test.ts']);

function describe(path: string, source: string): SampleFile {
  const load = MODULES[path];
  return {
    ...sampleMeta(path, source),
    source,
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

export { PAGE_OF_PART, type Part } from './sample-meta.js';
