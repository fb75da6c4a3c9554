#!/usr/bin/env node
// Runs every test runner of the repo and prints one closing line
// `N passed, N failed` summed over all of them (CI reads that line).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.vitest-results');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1' };

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

let passed = 0;
let failed = 0;

// Build first: packages test each other through their built exports.
const steps = [
  ['build', ['turbo', 'run', 'build', '--output-logs=errors-only']],
  ['lint (publint, attw)', ['turbo', 'run', 'lint', '--output-logs=errors-only']],
  ['typecheck', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']],
  // Every package is publishable: pnpm publish --dry-run, then publint and attw on the packed tarballs.
  ['publishable (pnpm publish --dry-run, publint, attw)', [process.execPath, join(root, 'scripts/check-publish.mjs')]],
  // No import cycle anywhere in packages/*/src or apps/*/src.
  ['import cycles', [process.execPath, join(root, 'scripts/check-cycles.mjs')]],
];
for (const [name, [command, ...args]] of steps) {
  // Checks are not tests: a failing one counts as a failure, a passing one adds nothing.
  if (run(command.startsWith('/') ? command : join(root, 'node_modules/.bin', command), args) !== 0) {
    failed++;
    console.error(`step failed: ${name}`);
  }
}

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

// Wall-clock tests first and alone, so no other test loads the CPU under them;
// then every other project; last, alone, the README commands (they install, build
// and start servers on fixed ports).
const runs = [
  ['timing', ['--project', 'core-timing']],
  ['all', ['--project', '!core-timing']],
  ['readme', ['--config', 'scripts/vitest.config.ts']],
];
for (const [name, filter] of runs) {
  const report = join(resultsDir, `${name}.json`);
  run(join(root, 'node_modules/.bin/vitest'), ['run', ...filter, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    // A file that fails to load fails no test, yet must fail the run.
    if (!result.success && result.numFailedTests === 0) failed += Math.max(1, result.numFailedTestSuites);
  } catch (error) {
    console.error(`vitest (${name}) wrote no report: ${error.message}`);
    failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
