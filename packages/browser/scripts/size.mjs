#!/usr/bin/env node
// Bundle-size and runtime-neutrality check, run as part of `lint`.
//
// 1. Bundles a typical browser import of @flotilla/core + @flotilla/browser with
//    esbuild (platform browser, minified, ESM), gzips it, prints the size, and
//    fails when it is more than 10% over the budget in size-budget.json.
//    `node scripts/size.mjs --update` records the current size as the budget.
// 2. Bundles @flotilla/core alone for platform 'neutral': core must not import
//    any Node built-in (esbuild cannot resolve one there, and we check too).
//
// It measures the built packages (dist/), so run it after `build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const budgetFile = new URL('../size-budget.json', import.meta.url);
const TOLERANCE = 0.1;
const TYPICAL_IMPORT = `
import { dispatch, majorityVote } from '@flotilla/core';
import { indexedDbCache } from '@flotilla/browser';
export { dispatch, majorityVote, indexedDbCache };
`;
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function bundle(contents, platform) {
  const result = await build({
    stdin: { contents, resolveDir: packageRoot, sourcefile: 'typical-import.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
  const builtins = [...new Set(imports.filter((path) => nodeBuiltins.has(path)))];
  if (builtins.length > 0) throw new Error(`imports Node built-ins: ${builtins.join(', ')}`);
  return result.outputFiles[0].contents;
}

async function check(label, run) {
  try {
    return await run();
  } catch (error) {
    const details = error.errors?.map((e) => `  ${e.location?.file ?? ''}: ${e.text}`).join('\n') ?? `  ${error.message}`;
    console.error(`size: ${label} failed:\n${details}\nKeep core and @flotilla/browser free of Node built-ins (Web APIs only).`);
    process.exit(1);
  }
}

await check('@flotilla/core for platform neutral', () => bundle(`export * from '@flotilla/core';`, 'neutral'));
const code = await check('typical browser import', () => bundle(TYPICAL_IMPORT, 'browser'));
const minBytes = code.byteLength;
const gzipBytes = gzipSync(code, { level: 9 }).byteLength;

if (process.argv.includes('--update')) {
  const budget = { gzipBytes, minBytes, import: TYPICAL_IMPORT.trim().split('\n').slice(0, 2).join(' ') };
  writeFileSync(budgetFile, `${JSON.stringify(budget, null, 2)}\n`);
  console.log(`size: recorded budget ${kb(gzipBytes)} gzipped (${kb(minBytes)} minified)`);
  process.exit(0);
}

const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
const limit = Math.floor(budget.gzipBytes * (1 + TOLERANCE));
const change = ((gzipBytes / budget.gzipBytes - 1) * 100).toFixed(1);
console.log(
  `size: @flotilla/core + @flotilla/browser (dispatch, majorityVote, indexedDbCache): ` +
    `${kb(gzipBytes)} min+gzip, ${kb(minBytes)} minified; budget ${kb(budget.gzipBytes)} (${change}% vs budget, limit +${TOLERANCE * 100}%)`,
);
if (gzipBytes > limit) {
  console.error(
    `size: ${gzipBytes} B gzipped exceeds the budget of ${budget.gzipBytes} B by more than ${TOLERANCE * 100}%. ` +
      'Trim the bundle, or if the growth is intended run `node scripts/size.mjs --update` in packages/browser and commit size-budget.json.',
  );
  process.exit(1);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(2)} kB`;
}
