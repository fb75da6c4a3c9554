/**
 * The baseline build of `@flotilla/core` that scenarios measure "before"
 * against (FLOTILLA_BENCH_BASELINE, or `--baseline` to main.ts; built by
 * scripts/build-baseline.sh), when one is given.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The baseline's entry file (its dist/index.js), or `undefined` without one. */
export function baselineEntry(): string | undefined {
  const entry = process.env.FLOTILLA_BENCH_BASELINE ? resolve(process.env.FLOTILLA_BENCH_BASELINE) : undefined;
  if (entry && !existsSync(entry)) throw new Error(`FLOTILLA_BENCH_BASELINE: no such file ${entry}`);
  return entry;
}

/** The baseline's entry as a URL to import, or `undefined` without one. */
export function baselineUrl(): string | undefined {
  const entry = baselineEntry();
  return entry ? pathToFileURL(entry).href : undefined;
}

/** The baseline as the report names it: the commit when scripts/build-baseline.sh built it, else the path. */
export function describeBaseline(entry: string): string {
  const built = /[\\/]core-([0-9a-f]{40})[\\/]/.exec(entry);
  if (built) return `@flotilla/core at ${built[1]!.slice(0, 12)} (built by \`apps/bench/scripts/build-baseline.sh\`)`;
  return `\`${relative(fileURLToPath(new URL('../../../../', import.meta.url)), entry)}\``;
}
