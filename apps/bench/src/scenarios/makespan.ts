/**
 * Scenario 1, makespan efficiency: ideal ceil(N/k) x L over the measured
 * time, for Flotilla (default options, a cold cache every run) and for
 * p-limit and p-queue running the same sleeping agents.
 */
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { core } from '../lib/core.js';
import { size } from '../lib/mode.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { median, ms, times } from '../lib/stats.js';
import { interleave } from '../lib/timing.js';

interface Shape {
  n: number;
  k: number;
  latencyMs: number;
}

const SHAPES: Shape[] = size(
  [
    { n: 10, k: 3, latencyMs: 100 },
    { n: 50, k: 10, latencyMs: 100 },
    { n: 1000, k: 50, latencyMs: 20 },
    { n: 10000, k: 500, latencyMs: 10 },
  ],
  [
    { n: 10, k: 3, latencyMs: 5 },
    { n: 50, k: 10, latencyMs: 5 },
    { n: 200, k: 50, latencyMs: 2 },
    { n: 1000, k: 500, latencyMs: 2 },
  ],
);
const ROUNDS = size(5, 1);
const TARGET = 0.97;

/** ToolWeaver's published figure for 50 items x 100 ms at max 10 (its docs, not measured here). */
const PREDECESSOR = { parallelMs: 3120, sequentialMs: 5400 };

async function measure(): Promise<ScenarioReport> {
  const rows: string[][] = [];
  const checks: Check[] = [];
  const data: Record<string, unknown>[] = [];
  for (const shape of SHAPES) {
    const { n, k, latencyMs } = shape;
    const inputs = Array.from({ length: n }, (_, index) => index);
    const ideal = Math.ceil(n / k) * latencyMs;
    const samples = await interleave(
      [
        {
          name: 'flotilla',
          // A new agent function per run gets a new default cache, so every run does all the work.
          run: () => core.dispatch({ agent: (input: number) => sleep(latencyMs, input), inputs, limits: { maxConcurrent: k } }),
        },
        {
          name: 'flotilla-no-cache',
          run: () => core.dispatch({ agent: (input: number) => sleep(latencyMs, input), inputs, limits: { maxConcurrent: k }, cache: false }),
        },
        {
          name: 'p-limit',
          run: () => {
            const limit = pLimit(k);
            return Promise.all(inputs.map((input) => limit(() => sleep(latencyMs, input))));
          },
        },
        {
          name: 'p-queue',
          run: () => {
            const queue = new PQueue({ concurrency: k });
            return Promise.all(inputs.map((input) => queue.add(() => sleep(latencyMs, input))));
          },
        },
      ],
      ROUNDS,
    );
    const medians = Object.fromEntries([...samples].map(([name, values]) => [name, median(values.wallMs)]));
    const efficiency = (name: string) => ideal / medians[name]!;
    const label = `N=${n} k=${k} L=${latencyMs} ms`;
    progress(`${label}: flotilla ${ms(medians.flotilla!)} (ideal ${ms(ideal)})`);
    rows.push([
      label,
      ms(ideal),
      ms(medians.flotilla!),
      efficiency('flotilla').toFixed(3),
      efficiency('flotilla-no-cache').toFixed(3),
      efficiency('p-limit').toFixed(3),
      efficiency('p-queue').toFixed(3),
      times(medians.flotilla! / medians['p-queue']!),
    ]);
    checks.push({
      label: `efficiency, ${label}`,
      target: `>= ${TARGET}`,
      measured: efficiency('flotilla').toFixed(3),
      pass: efficiency('flotilla') >= TARGET,
      timing: true,
    });
    data.push({ ...shape, idealMs: ideal, samplesMs: Object.fromEntries([...samples].map(([name, values]) => [name, values.wallMs])), medianMs: medians });
  }

  const fifty = data.find((entry) => entry.n === 50) as { medianMs: Record<string, number>; latencyMs: number } | undefined;
  const predecessorRows = fifty
    ? [
        ['ToolWeaver (published)', ms(PREDECESSOR.parallelMs), ms(PREDECESSOR.sequentialMs), times(PREDECESSOR.sequentialMs / PREDECESSOR.parallelMs), (500 / PREDECESSOR.parallelMs).toFixed(3)],
        [
          'Flotilla (measured above)',
          ms(fifty.medianMs.flotilla!),
          `${ms(50 * fifty.latencyMs)} (ideal)`,
          times((50 * fifty.latencyMs) / fifty.medianMs.flotilla!),
          ((5 * fifty.latencyMs) / fifty.medianMs.flotilla!).toFixed(3),
        ],
      ]
    : [];

  const notes: string[] = [];
  checks.forEach((check, at) => {
    if (check.pass) return;
    const shape = data[at] as { medianMs: Record<string, number>; idealMs: number; n: number };
    const eff = (name: string) => shape.idealMs / shape.medianMs[name]!;
    const bestBaseline = Math.max(eff('p-limit'), eff('p-queue'));
    const reasons: string[] = [];
    if (eff('flotilla-no-cache') > eff('flotilla') * 1.1) {
      reasons.push(
        `with \`cache: false\` it reaches ${eff('flotilla-no-cache').toFixed(3)}: the per-item cache work (a SHA-256 key, a lookup, a store) is that part of the gap (see the Cache and Scheduler overhead sections)`,
      );
    }
    if (eff('flotilla-no-cache') < bestBaseline * 0.95) {
      reasons.push(
        `even without the cache Flotilla trails the best baseline (${eff('flotilla-no-cache').toFixed(3)} vs ${bestBaseline.toFixed(3)}): its per-item scheduling work (see Scheduler overhead) shows when ${shape.n.toLocaleString('en-US')} items share the CPU with the timers`,
      );
    }
    if (bestBaseline < TARGET) {
      reasons.push(`p-limit/p-queue reach at most ${bestBaseline.toFixed(3)} on the same sleeps, so the timers (a \`setTimeout\` of L ms fires a little late, once per wave) and the load on the machine cost that much to anyone`);
    }
    if (reasons.length === 0) reasons.push(`the best baseline reaches ${bestBaseline.toFixed(3)}: the rest is Flotilla's per-item work (guards, bookkeeping) at this size`);
    notes.push(`${check.label}: Flotilla reaches ${check.measured}; ${reasons.join('; ')}.`);
  });

  return {
    id: 'makespan',
    title: 'Makespan efficiency',
    method: [
      'Each agent sleeps L ms (`setTimeout`). Efficiency = ideal / measured, ideal = ceil(N/k) x L.',
      'Flotilla runs with its default options (default memory cache, guards on); a new agent function each run gives it a cold cache, so every run executes every item and hashes every input (SHA-256 cache key). The same with `cache: false` separates the scheduler from the hashing.',
      `Contenders interleaved, ${ROUNDS} timed round(s) after one warm-up round; medians shown.`,
    ],
    tables: [
      { columns: ['shape', 'ideal', 'Flotilla', 'Flotilla eff.', 'Flotilla, cache: false eff.', 'p-limit eff.', 'p-queue eff.', 'Flotilla / p-queue time'], rows },
      {
        caption: 'Beside the predecessor (50 items x 100 ms at max 10):',
        columns: ['', 'parallel', 'sequential', 'speedup', 'efficiency'],
        rows: predecessorRows,
      },
    ],
    checks,
    notes,
    data: { shapes: data, predecessor: PREDECESSOR },
  };
}

await runScenario(measure);
