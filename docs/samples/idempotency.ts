/**
 * HOW: idempotency. The same batch dispatched twice with a shared
 * `memoryCache`: the second run is served from the cache, runs no agent and
 * costs nothing. Duplicates inside the first run share one execution.
 *
 * Run it alone: `npx tsx docs/samples/idempotency.ts`
 */
import { dispatch, memoryCache, type Cache } from '@flotilla/core';
import { facts, ms, table, times, usd } from './format.js';
import { CLASSIFY_TEMPLATE, confusedWith, RECEIPTS, readCategory, type Category, type Receipt } from './receipts.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Idempotency: run 1 vs cached run 2';

/** Options of {@link run}. */
export interface IdempotencyOptions {
  /** Seed of the simulated model (default 5). */
  seed?: number;
  /** The cache both runs share (default: a memory cache, 10 min TTL); the docs site passes an IndexedDB cache. */
  cache?: Cache;
}

/** The measurements of one of the two runs. */
export interface RunMeasure {
  /** Inputs sent. */
  inputs: number;
  /** Wall time, in milliseconds. */
  wallMs: number;
  /** Agent executions, as counted by the engine. */
  agentCalls: number;
  /** Calls the agent itself received (independent of the engine's count). */
  agentSawCalls: number;
  /** Results served from the cache (or shared with an identical item running at the same time). */
  cached: number;
  /** Money spent, in USD. */
  costUsd: number;
}

/** What {@link run} measured. */
export interface IdempotencyReport {
  /** Distinct inputs among the inputs sent. */
  distinct: number;
  /** First run: a cold cache. */
  first: RunMeasure;
  /** Second run: same work, same cache, a freshly built agent of the same name and model. */
  second: RunMeasure;
  /** first.wallMs / second.wallMs. */
  speedup: number;
  /** `true` when both runs gave every input the same answer. */
  sameAnswers: boolean;
}

/** Twelve receipts: ten distinct ones plus two repeats, as a retried upload would send them. */
export const INPUTS: readonly Receipt[] = [...RECEIPTS.slice(0, 10), RECEIPTS[0]!, RECEIPTS[1]!];

/**
 * The classifier, built anew for each run as a restarted process would: the
 * cache key covers name, version, model, template and input, not the object.
 */
function classifier(seed: number) {
  return simulatedAgent<Receipt, { category: Category }>({
    name: 'receipt-classifier',
    profile: MODELS['orca-large'],
    seed,
    answer: (receipt, { random, profile }) => {
      const right = readCategory(receipt.items);
      return { category: random() < profile.accuracy ? right : confusedWith(right, random) };
    },
  });
}

async function measure(cache: Cache, seed: number) {
  const agent = classifier(seed);
  const run = await dispatch({ agent, inputs: INPUTS, template: CLASSIFY_TEMPLATE, cache });
  const measured: RunMeasure = {
    inputs: run.results.length,
    wallMs: run.stats.wallMs,
    agentCalls: run.stats.agentCalls,
    agentSawCalls: agent.calls,
    cached: run.stats.cached,
    costUsd: run.stats.costUsd,
  };
  return { measured, answers: run.results.map((result) => result.value?.category) };
}

/** Dispatch the same batch twice through one cache. */
export async function run(options: IdempotencyOptions = {}): Promise<IdempotencyReport> {
  const seed = options.seed ?? 5;
  const cache = options.cache ?? memoryCache({ ttlMs: 10 * 60_000 });
  const first = await measure(cache, seed);
  const second = await measure(cache, seed);
  return {
    distinct: new Set(INPUTS.map((receipt) => receipt.id)).size,
    first: first.measured,
    second: second.measured,
    speedup: first.measured.wallMs / Math.max(second.measured.wallMs, 0.001),
    sameAnswers: first.answers.every((answer, i) => answer !== undefined && answer === second.answers[i]),
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: IdempotencyReport): string {
  return `run 2: ${report.second.agentCalls} agent calls, ${report.second.cached}/${report.second.inputs} cached, ${times(report.speedup)} faster`;
}

/** The report as text. */
export function render(report: IdempotencyReport): string[] {
  const row = (label: string, run: RunMeasure) => [
    label,
    String(run.inputs),
    String(run.agentCalls),
    String(run.cached),
    ms(run.wallMs),
    usd(run.costUsd),
  ];
  return [
    ...table([row('run 1 (cold cache)', report.first), row('run 2 (same cache)', report.second)], {
      header: ['', 'inputs', 'agent calls', 'cached', 'wall time', 'cost'],
      align: ['l', 'r', 'r', 'r', 'r', 'r'],
    }),
    '',
    ...facts([
      ['speedup', `run 2 is ${times(report.speedup)} faster (${ms(report.first.wallMs)} -> ${ms(report.second.wallMs)}) and saved ${usd(report.first.costUsd - report.second.costUsd)}`],
      ['repeats', `${report.first.inputs} inputs, ${report.distinct} distinct: run 1 made ${report.first.agentCalls} agent calls (repeats shared one execution)`],
      ['answers', `identical in both runs: ${report.sameAnswers ? 'yes' : 'NO'}`],
    ]),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
