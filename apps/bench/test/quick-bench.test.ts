import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../src/lib/report.js';

const bench = fileURLToPath(new URL('..', import.meta.url));
const committed = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIOS = ['makespan', 'overhead', 'memory', 'cache', 'budget', 'scale-out', 'provider-limits', 'guards', 'libraries', 'instructions'];

describe('the quick bench', () => {
  it('runs every scenario end to end and writes a well-formed report, never BENCHMARKS.md', () => {
    const before = existsSync(committed) ? statSync(committed).mtimeMs : undefined;
    const out = join(dir, 'report.md');
    const json = join(dir, 'report.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--out', out, '--json', json], {
      cwd: bench,
      env: { ...process.env, FLOTILLA_BENCH_QUICK: '1' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(committed) ? statSync(committed).mtimeMs : undefined).toBe(before);

    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchReport;
    expect(report.quick).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.scenarios.map((scenario) => scenario.id)).toEqual(SCENARIOS);
    for (const scenario of report.scenarios) {
      if (scenario.id === 'instructions' && scenario.data.valgrind === false) {
        // No valgrind on this machine: the scenario says so and claims nothing.
        expect(scenario.checks).toEqual([]);
        expect(scenario.notes.join(' ')).toContain('valgrind is not installed');
        continue;
      }
      expect(scenario.checks.length, scenario.id).toBeGreaterThan(0);
      expect(scenario.tables.length, scenario.id).toBeGreaterThan(0);
      for (const entry of scenario.tables) {
        for (const row of entry.rows) expect(row, `${scenario.id}: ${entry.columns.join(',')}`).toHaveLength(entry.columns.length);
      }
      for (const check of scenario.checks) {
        expect(check.target).not.toBe('');
        expect(check.measured).toMatch(/\d/);
      }
    }
    // Invariants hold at any size; only wall-clock numbers are left unjudged in quick mode.
    for (const check of report.scenarios.flatMap((scenario) => scenario.checks).filter((check) => !check.timing)) {
      expect(check.pass, `${check.label}: ${check.measured}`).toBe(true);
    }
    const budget = report.scenarios.find((scenario) => scenario.id === 'budget')!;
    expect(budget.data.overshoots).toBe(0);

    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('# Flotilla benchmarks');
    expect(markdown).toContain('Quick mode');
    expect(markdown).toContain(`Node: ${process.version}`);
    expect(markdown).toMatch(/Machine: \d+ cores/);
    expect(markdown).toContain('pnpm --filter @flotilla/bench bench:quick');
    for (const title of ['Makespan efficiency', 'Scheduler overhead per task', 'Memory', 'Cache', 'Budget accuracy', 'Provider limits']) {
      expect(markdown).toContain(title);
    }
    expect(markdown).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('refuses to write BENCHMARKS.md in quick mode', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--out', committed], {
      cwd: bench,
      env: { ...process.env, FLOTILLA_BENCH_QUICK: '1' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('quick mode never writes BENCHMARKS.md');
  });
});
