/**
 * Scenario 6, scale-out on Redis: runs the @flotilla/redis bench
 * (packages/redis/bench/redis-bench.ts) against the machine's Redis and
 * reports its numbers: ledger reservations per second, and end-to-end items
 * per second with 1, 2 and 4 BullMQ worker processes (scaling efficiency).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { size } from '../lib/mode.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';

const ITEMS = size(2000, 40);
const script = fileURLToPath(new URL('../../../../packages/redis/bench/redis-bench.ts', import.meta.url));

await runScenario(async () => {
  progress(`redis bench: ${ITEMS} items per run`);
  const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], {
    encoding: 'utf8',
    env: { ...process.env, FLOTILLA_BENCH_ITEMS: String(ITEMS) },
    timeout: 600_000,
  });
  if (child.status !== 0) throw new Error(`the redis bench failed (is Redis running on 127.0.0.1:6379?): ${child.stderr || child.error?.message}`);
  // The bench prints a Markdown table: | measure | value |.
  const rows = child.stdout
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| measure'))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const efficiencies = rows.map((row) => /scaling efficiency (\d+)%/.exec(row[1] ?? '')?.[1]).filter(Boolean).map(Number);
  const checks: Check[] = [
    { label: 'the redis bench produced its measures', target: 'ledger rate and 1, 2, 4 workers', measured: `${rows.length} rows`, pass: rows.length === 4, timing: false },
  ];
  return {
    id: 'scale-out',
    title: 'Scale-out on Redis (@flotilla/redis)',
    method: [
      `\`packages/redis/bench/redis-bench.ts\` against the Redis on 127.0.0.1:6379: \`redisLedger\` reserve + commit with 50 in flight, then one dispatch of ${ITEMS} items through \`createDispatchQueue\` with 1, 2 and 4 worker processes (each 8 concurrent, 20 ms agents).`,
      'Scaling efficiency = items/s with n workers / (n x items/s with 1 worker).',
    ],
    tables: [{ columns: ['measure', 'value'], rows }],
    checks,
    notes: [
      `Measured efficiencies: ${efficiencies.map((e) => `${e}%`).join(', ')}. This machine has ${os.cpus().length} cores, shared by the worker processes, Redis and the producer, so beyond ${os.cpus().length} workers the numbers say more about the machine than about the queue; a multi-machine run is needed to measure the queue's own limit.`,
    ],
    data: { items: ITEMS, rows, efficiencies },
  };
});
