/**
 * Vite plugin that lets the site watch the samples' dispatches without
 * changing them: when a file in docs/samples imports `@flotilla/core`, it gets
 * src/observed-core.ts instead, which is core with a `dispatch` that also
 * records every progress event for the charts. The samples' code and
 * behaviour are unchanged; their own `onEvent` handlers still run.
 */
import { resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** Options of {@link observeSamples}. */
export interface ObserveSamplesOptions {
  /** Absolute path of docs/samples. */
  samplesDir: string;
  /** Absolute path of the module that replaces `@flotilla/core` for the samples. */
  observedCore: string;
}

/** The plugin. */
export function observeSamples(options: ObserveSamplesOptions): Plugin {
  const samplesDir = resolve(options.samplesDir) + sep;
  return {
    name: 'flotilla-observe-samples',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@flotilla/core' || !importer) return null;
      return resolve(importer).startsWith(samplesDir) ? options.observedCore : null;
    },
  };
}
