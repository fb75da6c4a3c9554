import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../src');

/** Bundle the core entry for a runtime; esbuild fails on any import it cannot resolve there. */
async function bundleFor(platform: 'browser' | 'neutral', conditions: string[]) {
  const result = await build({
    entryPoints: [join(src, 'index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform,
    conditions,
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    metafile: true,
  });
  return result;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('@flotilla/core runs unchanged in every runtime', () => {
  it('bundles for the browser with no Node built-in', async () => {
    const result = await bundleFor('browser', ['browser']);
    expect(Object.keys(result.metafile!.inputs).every((input) => !input.startsWith('node:'))).toBe(true);
  });

  it('bundles for workerd (neutral platform, workerd conditions)', async () => {
    const result = await bundleFor('neutral', ['workerd', 'worker', 'browser']);
    expect(result.errors).toEqual([]);
  });

  it('imports no Node module and touches no DOM global in its sources', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(src)) {
      if (file.endsWith('testing.ts')) continue; // test kit, runs under vitest only
      // Doc comments may show Node usage in examples; only code counts.
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      if (/from ['"](node:|fs|path|os|crypto|http|https|stream|events|buffer|child_process)['"]/.test(text)) offenders.push(`${file}: Node import`);
      if (/(?<![.\w])(window|document|localStorage|sessionStorage|navigator)\./.test(text)) offenders.push(`${file}: DOM global`);
      if (/(?<![.\w])(process|Buffer|require)\s*[.(]/.test(text)) offenders.push(`${file}: Node global`);
    }
    expect(offenders).toEqual([]);
  });
});
