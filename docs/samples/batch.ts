/**
 * WHEN: batch processing. Twenty receipts classified by one agent, a few at a
 * time, instead of one after another.
 *
 * Run it alone: `npx tsx docs/samples/batch.ts`
 */
import { dispatch } from '@flotilla/core';
import { facts, ms, percent, table, times, usd } from './format.js';
import { CLASSIFY_TEMPLATE, confusedWith, RECEIPTS, readCategory, type Category, type Receipt } from './receipts.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Batch processing: 20 receipts classified';

/** Options of {@link run}. */
export interface BatchOptions {
  /** Seed of the simulated model (default 7). */
  seed?: number;
  /** Receipts classified at once (default 5). */
  maxConcurrent?: number;
}

/** What {@link run} measured. */
export interface BatchReport {
  /** Receipts sent. */
  receipts: number;
  /** Receipts that got a category. */
  succeeded: number;
  /** Answers matching the labelled category. */
  correct: number;
  /** Receipts per category, most first. */
  byCategory: Array<{ category: Category; count: number }>;
  /** The category of each receipt, in input order (results come back in input order). */
  categories: Array<{ id: string; category: Category | undefined }>;
  /** The concurrency limit used. */
  maxConcurrent: number;
  /** Most agents that ran at once. */
  peakConcurrency: number;
  /** Wall time of the batch, in milliseconds. */
  wallMs: number;
  /** Sum of every agent's duration, in milliseconds: what one-at-a-time would take. */
  sequentialMs: number;
  /** Median agent latency, in milliseconds. */
  p50Ms: number;
  /** 95th percentile agent latency, in milliseconds. */
  p95Ms: number;
  /** Money spent, in USD. */
  costUsd: number;
  /** The model used. */
  model: string;
}

/** Classify the twenty receipts and measure the run. */
export async function run(options: BatchOptions = {}): Promise<BatchReport> {
  const maxConcurrent = options.maxConcurrent ?? 5;
  const agent = simulatedAgent<Receipt, { category: Category }>({
    name: 'receipt-classifier',
    profile: MODELS['orca-mini'],
    seed: options.seed ?? 7,
    // A real model reads ctx.prompt; the simulation reads the items directly.
    answer: (receipt, { random, profile }) => {
      const right = readCategory(receipt.items);
      return { category: random() < profile.accuracy ? right : confusedWith(right, random) };
    },
  });

  const run = await dispatch({ agent, inputs: RECEIPTS, template: CLASSIFY_TEMPLATE, limits: { maxConcurrent }, cache: false });

  const tally = new Map<Category, number>();
  for (const result of run.results) {
    if (result.ok) tally.set(result.value!.category, (tally.get(result.value!.category) ?? 0) + 1);
  }
  return {
    receipts: run.results.length,
    succeeded: run.stats.succeeded,
    correct: run.results.filter((result) => result.ok && result.value!.category === result.input.expected).length,
    byCategory: [...tally].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
    categories: run.results.map((result) => ({ id: result.input.id, category: result.value?.category })),
    maxConcurrent,
    peakConcurrency: run.stats.peakConcurrency,
    wallMs: run.stats.wallMs,
    sequentialMs: run.results.reduce((sum, result) => sum + result.durationMs, 0),
    p50Ms: run.stats.latencyMs.p50,
    p95Ms: run.stats.latencyMs.p95,
    costUsd: run.stats.costUsd,
    model: agent.model!,
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: BatchReport): string {
  return `${report.succeeded}/${report.receipts} receipts in ${ms(report.wallMs)}, ${times(report.sequentialMs / report.wallMs)} faster than one at a time, ${usd(report.costUsd)}`;
}

/** The report as text. */
export function render(report: BatchReport): string[] {
  return [
    ...facts([
      ['classified', `${report.succeeded}/${report.receipts} receipts with ${report.model}, ${report.maxConcurrent} at a time (peak ${report.peakConcurrency})`],
      ['wall time', `${ms(report.wallMs)}, vs ${ms(report.sequentialMs)} one at a time (sum of latencies): ${times(report.sequentialMs / report.wallMs)} faster`],
      ['latency', `p50 ${ms(report.p50Ms)}, p95 ${ms(report.p95Ms)}`],
      ['cost', `${usd(report.costUsd)} in total, ${usd(report.costUsd / report.receipts)} per receipt`],
      ['accuracy', `${report.correct}/${report.receipts} match the labels (${percent(report.correct / report.receipts)})`],
    ]),
    '',
    ...table(
      report.byCategory.map(({ category, count }) => [category, String(count)]),
      { header: ['category', 'receipts'], align: ['l', 'r'] },
    ),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
