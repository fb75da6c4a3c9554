#!/usr/bin/env node
// Writes the TypeDoc API reference of every package into dist/api (or
// <outDir>/api with `node scripts/build-api.mjs <outDir>`), after `vite build`
// (which empties the folder). The options come from the repository's
// typedoc.json (validation on, warnings are errors), so an undocumented
// export fails the docs build. Only packages with their own typedoc.json are
// documented: TypeDoc's "packages" strategy needs each package's entry points.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { relativizeSiteLinks } from './site-links.mjs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const site = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(site, process.argv[2] ?? 'dist');
const packagesDir = join(site, '../../packages');
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join(packagesDir, entry.name));
const documented = packages.filter((dir) => existsSync(join(dir, 'typedoc.json')));
const skipped = packages.filter((dir) => !documented.includes(dir));

if (documented.length === 0) {
  console.error('build-api: no package has a typedoc.json; nothing to document');
  process.exit(1);
}
for (const dir of skipped) {
  console.warn(`build-api: skipping ${relative(site, dir)}: it has no typedoc.json (add one with "entryPoints": ["src/index.ts"])`);
}

const typedoc = join(site, 'node_modules/.bin/typedoc');
const args = ['--options', 'api.typedoc.json', '--out', join(outDir, 'api'), ...documented.flatMap((dir) => ['--entryPoints', relative(site, dir)])];
const status = spawnSync(typedoc, args, { cwd: site, stdio: 'inherit' }).status;
if (status !== 0) process.exit(status ?? 1);
const rewritten = relativizeSiteLinks(join(outDir, 'api'));
console.log(`build-api: links to the site made relative on ${rewritten} pages`);
