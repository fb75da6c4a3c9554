/**
 * The deep-dive demo (`pnpm demo`): runs every sample once, in turn, and
 * prints their measured reports grouped WHEN / HOW / WHY, then a summary.
 * Samples run one after another so their timings do not disturb each other.
 *
 * Run it: `pnpm demo`, or `npx tsx docs/samples/demo.ts` once core is built.
 */
import * as batch from './batch.js';
import * as circuit from './circuit-breaker.js';
import * as consensus from './consensus.js';
import * as earlyStop from './early-stop.js';
import * as ensemble from './ensemble.js';
import * as failsafe from './failsafe.js';
import { style, table } from './format.js';
import * as idempotency from './idempotency.js';
import * as quota from './quota.js';
import { isEntryPoint } from './run-directly.js';
import * as search from './search.js';
import * as security from './security.js';
import * as semaphore from './semaphore.js';
import * as speedup from './speedup.js';

/** A sample as the demo drives it. */
export interface DemoSample {
  /** Short name in the summary. */
  name: string;
  /** Path of the sample file from the repository root. */
  file: string;
  /** Title shown above its report. */
  title: string;
  /** Run it; resolves to its report. */
  run(): Promise<unknown>;
  /** Its report as lines. */
  render(report: unknown): string[];
  /** Its report in one line. */
  headline(report: unknown): string;
}

/** A part of the deep dive. */
export interface DemoSection {
  /** WHEN, HOW or WHY. */
  heading: string;
  /** What the section answers. */
  question: string;
  /** Its samples, in order. */
  samples: DemoSample[];
}

const sample = <R>(name: string, file: string, module: { title: string; run(): Promise<R>; render(report: R): string[]; headline(report: R): string }): DemoSample => ({
  name,
  file,
  title: module.title,
  run: () => module.run(),
  render: (report) => module.render(report as R),
  headline: (report) => module.headline(report as R),
});

/** The deep dive, in the order it is told. */
export const SECTIONS: readonly DemoSection[] = [
  {
    heading: 'WHEN',
    question: 'when to use parallel agents',
    samples: [
      sample('batch', 'docs/samples/batch.ts', batch),
      sample('consensus', 'docs/samples/consensus.ts', consensus),
      sample('search', 'docs/samples/search.ts', search),
    ],
  },
  {
    heading: 'HOW',
    question: 'how to keep them under control',
    samples: [
      sample('semaphore', 'docs/samples/semaphore.ts', semaphore),
      sample('quota', 'docs/samples/quota.ts', quota),
      sample('idempotency', 'docs/samples/idempotency.ts', idempotency),
      sample('guards', 'docs/samples/security.ts', security),
      sample('circuit', 'docs/samples/circuit-breaker.ts', circuit),
    ],
  },
  {
    heading: 'WHY',
    question: 'why it pays',
    samples: [
      sample('speedup', 'docs/samples/speedup.ts', speedup),
      sample('ensemble', 'docs/samples/ensemble.ts', ensemble),
      sample('early stop', 'docs/samples/early-stop.ts', earlyStop),
      sample('fail-safe', 'docs/samples/failsafe.ts', failsafe),
    ],
  },
];

const WIDTH = 78;
const rule = (text: string) => style.cyan(style.bold(`== ${text} `.padEnd(WIDTH, '=')));
const indent = (lines: string[]) => lines.map((line) => (line === '' ? '' : `   ${line}`));

/**
 * Run every sample and return the whole report as lines; `print` receives
 * each block as soon as it is ready, so a terminal shows progress.
 */
export async function runDemo(print: (text: string) => void = () => undefined): Promise<{ lines: string[]; failures: number }> {
  const lines: string[] = [];
  const out = (block: string[]) => {
    lines.push(...block);
    print(block.join('\n'));
  };
  const began = performance.now();
  const summary: string[][] = [];
  let failures = 0;
  let number = 0;

  out([
    style.bold('Flotilla deep dive: parallel agents, measured'),
    style.dim('Simulated models (seeded latency and cost); every number below is measured by this run.'),
  ]);
  for (const section of SECTIONS) {
    out(['', rule(`${section.heading}: ${section.question}`)]);
    for (const entry of section.samples) {
      number++;
      const header = `${number}. ${entry.title}`;
      const started = performance.now();
      try {
        const report = await entry.run();
        const took = performance.now() - started;
        out(['', style.bold(header), style.dim(`   ${entry.file}  (${Math.round(took)} ms)`), '', ...indent(entry.render(report))]);
        summary.push([section.heading, entry.name, entry.headline(report)]);
      } catch (error) {
        failures++;
        out(['', style.bold(header), style.red(`   failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)]);
        summary.push([section.heading, entry.name, style.red('FAILED')]);
      }
    }
  }
  const totalMs = performance.now() - began;
  out([
    '',
    rule('SUMMARY'),
    ...table(summary, { header: ['', 'sample', 'measured'] }),
    '',
    style.dim(`${number} samples in ${(totalMs / 1000).toFixed(1)} s${failures ? `, ${failures} failed` : ''}. Read docs/deep-dive.md for the story behind each.`),
  ]);
  return { lines, failures };
}

if (isEntryPoint(import.meta.url)) {
  const { failures } = await runDemo((text) => console.log(text));
  const process = (globalThis as { process?: { exitCode?: number } }).process;
  if (failures > 0 && process) process.exitCode = 1;
}
