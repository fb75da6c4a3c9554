/**
 * `pnpm bench`: runs every scenario in its own Node process, then writes
 * BENCHMARKS.md at the repository root from what they measured.
 *
 * Options (also as environment variables):
 *   --quick (FLOTILLA_BENCH_QUICK=1)  tiny sizes, seconds not minutes; timings not judged;
 *                                      writes to a temp file, never to BENCHMARKS.md
 *   --out <file> (FLOTILLA_BENCH_OUT) where the Markdown goes
 *   --json <file>                     also write the raw report as JSON
 *   --only <id,id>                    run only these scenarios
 *   --baseline <entry> (FLOTILLA_BENCH_BASELINE)
 *                                     another build of @flotilla/core (its dist/index.js, e.g. from
 *                                     scripts/build-baseline.sh): the instructions scenario measures
 *                                     every Flotilla contender against it too (before | after)
 *
 * Exits non-zero when a scenario fails to run or an invariant (a check that
 * is not about wall-clock time) fails; a missed timing target is reported in
 * the Markdown, not as a failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './lib/machine.js';
import type { ScenarioReport } from './lib/protocol.js';
import { renderMarkdown, verdict, type BenchReport } from './lib/report.js';
import os from 'node:os';

const SCENARIOS = ['makespan', 'overhead', 'memory', 'cache', 'budget', 'scale-out', 'provider-limits', 'guards', 'libraries', 'instructions'] as const;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const COMMITTED_REPORT = join(ROOT, 'BENCHMARKS.md');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const quick = process.argv.includes('--quick') || process.env.FLOTILLA_BENCH_QUICK === '1';
const out = resolve(option('out') ?? process.env.FLOTILLA_BENCH_OUT ?? (quick ? join(tmpdir(), `flotilla-bench-quick-${process.pid}.md`) : COMMITTED_REPORT));
if (quick && out === COMMITTED_REPORT) {
  console.error('quick mode never writes BENCHMARKS.md (its numbers mean nothing); pass --out <file> elsewhere');
  process.exit(2);
}
const only = option('only')?.split(',');
const baselineOption = option('baseline') ?? process.env.FLOTILLA_BENCH_BASELINE;
const baseline = baselineOption ? resolve(baselineOption) : undefined;
if (baseline && !existsSync(baseline)) {
  console.error(`--baseline ${baselineOption}: no such file (build one with apps/bench/scripts/build-baseline.sh)`);
  process.exit(2);
}
const selected = SCENARIOS.filter((id) => !only || only.includes(id));
if (selected.length === 0) {
  console.error(`--only names no scenario; choose from ${SCENARIOS.join(', ')}`);
  process.exit(2);
}

// Children load TypeScript through tsx wherever the bench is started from.
const tsx = import.meta.resolve('tsx');
const scratch = mkdtempSync(join(tmpdir(), 'flotilla-bench-'));
const report: BenchReport = {
  quick,
  command: quick ? 'pnpm --filter @flotilla/bench bench:quick' : 'pnpm bench',
  machine: machineInfo(),
  scenarios: [],
  failures: [],
};

console.error(`Flotilla bench${quick ? ' (quick mode)' : ''}: ${report.machine.cores} cores, Node ${report.machine.node}`);
try {
  for (const id of selected) {
    console.error(`\n[${id}]`);
    const json = join(scratch, `${id}.json`);
    const child = spawnSync(
      process.execPath,
      ['--import', tsx, '--expose-gc', fileURLToPath(new URL(`./scenarios/${id}.ts`, import.meta.url)), json],
      { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, FLOTILLA_BENCH_QUICK: quick ? '1' : '0', ...(baseline ? { FLOTILLA_BENCH_BASELINE: baseline } : {}) } },
    );
    if (child.status !== 0) {
      report.failures.push({ id, error: child.error?.message ?? `its process exited with ${child.status ?? child.signal}` });
      continue;
    }
    report.scenarios.push(JSON.parse(readFileSync(json, 'utf8')) as ScenarioReport);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
report.machine.loadEnd = os.loadavg()[0]!;

writeFileSync(out, renderMarkdown(report));
const jsonOut = option('json');
if (jsonOut) writeFileSync(resolve(jsonOut), JSON.stringify(report, null, 2));

console.error(`\nwrote ${out}`);
let broken = report.failures.length;
for (const scenario of report.scenarios) {
  for (const check of scenario.checks) {
    const result = verdict(check, quick);
    console.error(`  ${result.padEnd(7)} ${scenario.id}: ${check.label} (target ${check.target}, measured ${check.measured})`);
    if (result === 'MISS' && !check.timing) broken++;
  }
}
process.exit(broken === 0 ? 0 : 1);
