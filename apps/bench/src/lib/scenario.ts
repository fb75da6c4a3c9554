import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ScenarioReport } from './protocol.js';

/**
 * Run a scenario as its own process: the orchestrator passes the path where
 * the JSON report goes as the first argument. Progress goes to stderr.
 */
export async function runScenario(measure: () => Promise<ScenarioReport>): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node --import tsx <scenario>.ts <report.json>');
  const started = performance.now();
  const report = await measure();
  report.elapsedMs = performance.now() - started;
  writeFileSync(out, JSON.stringify(report, null, 2));
}

/** A progress line on stderr (stdout stays clean). */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
