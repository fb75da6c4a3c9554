/**
 * Lets every sample double as a script: `npx tsx docs/samples/batch.ts`
 * prints that sample's report, while importing the module (from the demo,
 * the tests or the docs site) runs nothing.
 */
import { style } from './format.js';

/** What each sample module provides. */
export interface Sample<R> {
  /** Short title, e.g. "Batch processing". */
  title: string;
  /** Run the scenario and measure it. */
  run(): Promise<R>;
  /** The report as lines of text. */
  render(report: R): string[];
}

type ProcessLike = { argv?: string[]; exitCode?: number };

/** `true` when the module at `moduleUrl` is the script Node (or tsx) was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = (globalThis as { process?: ProcessLike }).process?.argv?.[1];
  if (!script || !moduleUrl.startsWith('file:')) return false;
  const modulePath = decodeURIComponent(new URL(moduleUrl).pathname);
  // Windows: argv holds C:\dir\file.ts while the URL path is /C:/dir/file.ts.
  const scriptPath = script.replace(/\\/g, '/');
  return modulePath === scriptPath || modulePath === `/${scriptPath}`;
}

/** Run `sample` and print its report when its module is the entry point; otherwise do nothing. */
export async function runDirectly<R>(moduleUrl: string, sample: Sample<R>): Promise<void> {
  if (!isEntryPoint(moduleUrl)) return;
  try {
    const report = await sample.run();
    console.log([style.bold(sample.title), '', ...sample.render(report)].join('\n'));
  } catch (error) {
    console.error(error);
    const process = (globalThis as { process?: ProcessLike }).process;
    if (process) process.exitCode = 1;
  }
}
