#!/usr/bin/env node
// Fails when any source file of a package or app imports itself back, directly or around a ring
// (relative imports, type-only ones included: a cycle of types still ties the modules together).
// Usage: node scripts/check-cycles.mjs
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.d\.ts$/.test(name)) files.push(path);
  }
};
for (const top of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, top))) {
    const src = join(root, top, name, 'src');
    if (existsSync(src)) walk(src);
  }
}

const spec = /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const target = (from, path) => {
  const base = resolve(dirname(from), path.replace(/\.(m?js)$/, ''));
  return [`${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
};
const graph = new Map(files.map((file) => [file, [...readFileSync(file, 'utf8').matchAll(spec)].map((m) => target(file, m[1] ?? m[2])).filter(Boolean)]));

// Depth-first search; every back edge closes a cycle.
const state = new Map();
const cycles = [];
const visit = (file, path) => {
  state.set(file, 'open');
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(root, f)).join(' -> '));
    else if (!state.has(next)) visit(next, [...path, next]);
  }
  state.set(file, 'done');
};
for (const file of files) if (!state.has(file)) visit(file, [file]);

if (cycles.length > 0) {
  console.error(`import cycles (${cycles.length}); move the shared types or values into a leaf file:\n  ${cycles.join('\n  ')}`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} source files`);
