/**
 * WHY: speedup. Fifty 100 ms calls at `maxConcurrent: 10` against the same
 * calls one at a time, with the ideal ceil(N/k) x L beside the measured time
 * and the predecessor's published figures for comparison.
 *
 * Run it alone: `npx tsx docs/samples/speedup.ts`
 */
import { dispatch } from '@flotilla/core';
import { facts, ms, percent, table, times } from './format.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Speedup: 50 items x 100 ms, parallel vs sequential';

/**
 * ToolWeaver's published result for the same experiment (its sample 25: 50
 * items x 100 ms at max 10): typed in because it comes from its docs, not
 * from this repository.
 */
export const PREDECESSOR = { parallelMs: 3120, sequentialMs: 5400 } as const;

/** Options of {@link run}. */
export interface SpeedupOptions {
  /** Items (default 50). */
  items?: number;
  /** Latency of every item, in milliseconds (default 100). */
  latencyMs?: number;
  /** Concurrency of the parallel run (default 10). */
  maxConcurrent?: number;
}

/** What {@link run} measured. */
export interface SpeedupReport {
  /** Items per run. */
  items: number;
  /** Latency of each item, in milliseconds. */
  latencyMs: number;
  /** Concurrency of the parallel run. */
  maxConcurrent: number;
  /** Measured wall time at `maxConcurrent`, in milliseconds. */
  parallelMs: number;
  /** ceil(items / maxConcurrent) x latency, in milliseconds. */
  idealParallelMs: number;
  /** Measured wall time one at a time, in milliseconds. */
  sequentialMs: number;
  /** items x latency, in milliseconds. */
  idealSequentialMs: number;
  /** sequentialMs / parallelMs. */
  speedup: number;
  /** idealSequentialMs / idealParallelMs. */
  idealSpeedup: number;
  /** Most agents at once in the parallel run. */
  peakConcurrency: number;
  /** The predecessor's figures (milliseconds) and its speedup. */
  predecessor: { parallelMs: number; sequentialMs: number; speedup: number };
}

/** Run the items in parallel, then one at a time, and compare. */
export async function run(options: SpeedupOptions = {}): Promise<SpeedupReport> {
  const items = options.items ?? 50;
  const latencyMs = options.latencyMs ?? 100;
  const maxConcurrent = options.maxConcurrent ?? 10;
  // Every call takes exactly latencyMs, so the ideal is exact; no cache, so both runs do all the work.
  const agent = simulatedAgent<{ item: number }, number>({
    name: 'fixed-latency',
    profile: MODELS['lynx-8b'],
    latencyMs,
    jitter: 0,
    answer: ({ item }) => item,
  });
  const inputs = Array.from({ length: items }, (_, item) => ({ item }));

  const parallel = await dispatch({ agent, inputs, limits: { maxConcurrent }, cache: false });
  const sequential = await dispatch({ agent, inputs, limits: { maxConcurrent: 1 }, cache: false });

  const idealParallelMs = Math.ceil(items / maxConcurrent) * latencyMs;
  const idealSequentialMs = items * latencyMs;
  return {
    items,
    latencyMs,
    maxConcurrent,
    parallelMs: parallel.stats.wallMs,
    idealParallelMs,
    sequentialMs: sequential.stats.wallMs,
    idealSequentialMs,
    speedup: sequential.stats.wallMs / parallel.stats.wallMs,
    idealSpeedup: idealSequentialMs / idealParallelMs,
    peakConcurrency: parallel.stats.peakConcurrency,
    predecessor: { ...PREDECESSOR, speedup: PREDECESSOR.sequentialMs / PREDECESSOR.parallelMs },
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: SpeedupReport): string {
  return `${times(report.speedup)} (${ms(report.parallelMs)} vs ${ms(report.sequentialMs)}; ideal ${times(report.idealSpeedup)}, ToolWeaver ${times(report.predecessor.speedup)})`;
}

/** The report as text. */
export function render(report: SpeedupReport): string[] {
  const over = (measured: number, ideal: number) => `+${percent(measured / ideal - 1)}`;
  return [
    ...table(
      [
        [`parallel (max ${report.maxConcurrent})`, ms(report.parallelMs), ms(report.idealParallelMs), over(report.parallelMs, report.idealParallelMs), ms(report.predecessor.parallelMs)],
        ['sequential (max 1)', ms(report.sequentialMs), ms(report.idealSequentialMs), over(report.sequentialMs, report.idealSequentialMs), ms(report.predecessor.sequentialMs)],
        ['speedup', times(report.speedup), times(report.idealSpeedup), '', times(report.predecessor.speedup)],
      ],
      { header: ['', 'measured', 'ideal', 'overhead', 'ToolWeaver'], align: ['l', 'r', 'r', 'r', 'r'] },
    ),
    '',
    ...facts([
      ['workload', `${report.items} items x ${ms(report.latencyMs)}; ideal parallel = ceil(${report.items}/${report.maxConcurrent}) x ${ms(report.latencyMs)}`],
      ['peak', `${report.peakConcurrency} agents at once`],
      ['ToolWeaver', 'published figures of the predecessor (its slots polled every 100 ms)'],
    ]),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
