#!/usr/bin/env node
// Proves that every published package can be published, without publishing:
//   1. `pnpm -r publish --dry-run --no-git-checks` over packages/* (what `changeset publish` runs);
//   2. `pnpm pack` of each package, then on the tarball a user would download:
//      publint (strict), attw (node16 profile), and the checks below (LICENSE and README
//      inside, no `workspace:` range left, no README link that leaves the package).
// Run it after the build (`dist/` must exist). Exit code 0 when every package passes.
// Usage: node scripts/check-publish.mjs [--skip-dry-run]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const PNPM = ['npx', '-y', 'pnpm@10.34.9'];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** The published packages: every packages/* whose package.json is not private. */
function publishedPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'packages', entry.name))
    .filter((dir) => {
      try {
        return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
      } catch {
        return false;
      }
    });
}

/** What is wrong with one packed tarball, beyond publint and attw. */
export function tarballProblems(files, manifest, readme) {
  const problems = [];
  for (const required of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
    if (!files.includes(required)) problems.push(`${required.slice('package/'.length)} is not in the tarball (add it to "files")`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still "${range}" in the packed package.json`);
    }
  }
  if (manifest.license !== 'MIT') problems.push(`license is ${JSON.stringify(manifest.license)}, expected "MIT"`);
  // On npm a README link to a file outside the package is a 404.
  for (const match of readme.matchAll(/\]\((\.\.\/[^)\s]*)\)/g)) problems.push(`README.md links ${match[1]}, outside the package (broken on npm)`);
  return problems;
}

function main() {
  const failures = [];
  const packages = publishedPackages();
  if (!process.argv.includes('--skip-dry-run')) {
    const filters = packages.flatMap((dir) => ['--filter', `./${dir.slice(root.length)}`]);
    const dry = run(PNPM[0], [...PNPM.slice(1), '-r', ...filters, 'publish', '--dry-run', '--no-git-checks']);
    if (dry.status !== 0) failures.push(`pnpm -r publish --dry-run failed:\n${dry.output}`);
    else console.log(`pnpm -r publish --dry-run: ${packages.length} packages would be published`);
  }

  const out = mkdtempSync(join(tmpdir(), 'flotilla-pack-'));
  try {
    for (const dir of packages) {
      const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
      const pack = run(PNPM[0], [...PNPM.slice(1), 'pack', '--pack-destination', out], { cwd: dir });
      const tarball = readdirSync(out).find((file) => file.startsWith(name.replace('@', '').replace('/', '-')) && file.endsWith('.tgz'));
      if (pack.status !== 0 || !tarball) {
        failures.push(`${name}: pnpm pack failed:\n${pack.output}`);
        continue;
      }
      const path = join(out, tarball);
      const files = run('tar', ['-tzf', path]).output.split('\n').filter(Boolean);
      const manifest = JSON.parse(run('tar', ['-xzOf', path, 'package/package.json']).output);
      const readme = run('tar', ['-xzOf', path, 'package/README.md']).output;
      const problems = tarballProblems(files, manifest, readme);
      const publint = run(bin('publint'), ['run', '--strict', path]);
      if (publint.status !== 0) problems.push(`publint:\n${publint.output}`);
      const attw = run(bin('attw'), [path, '--profile', 'node16', '--no-color', '--no-emoji']);
      if (attw.status !== 0) problems.push(`attw:\n${attw.output}`);
      if (problems.length > 0) failures.push(`${name} (${tarball}):\n  ${problems.join('\n  ')}`);
      else console.log(`${name}: ${tarball} (${files.length} files) passes publint, attw and the tarball checks`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\n${failures.join('\n\n')}\n\ncheck-publish: ${failures.length} problem(s); fix them before a release`);
    process.exit(1);
  }
  console.log(`check-publish: all ${packages.length} packages are publishable`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
