/**
 * WHY: ensemble. Seven models read the same receipt total; `bestResult` keeps
 * the most confident answer and `majorityVote` over the same results says how
 * many models agree with it.
 *
 * Run it alone: `npx tsx docs/samples/ensemble.ts`
 */
import { bestResult, dispatch, majorityVote } from '@flotilla/core';
import { facts, ms, percent, table, times, usd } from './format.js';
import { RECEIPTS, type Receipt } from './receipts.js';
import { runDirectly } from './run-directly.js';
import { MODELS, pick, simulatedAgent, type ModelId } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Ensemble: 7 models, best answer and agreement';

/** The seven models of the ensemble. */
export const ENSEMBLE: readonly ModelId[] = ['orca-mini', 'orca-large', 'heron-1', 'heron-1-pro', 'lynx-8b', 'lynx-70b', 'kestrel-flash'];

/** Options of {@link run}. */
export interface EnsembleOptions {
  /** Seed of the simulated models (default 2). */
  seed?: number;
  /** The receipt whose total is read (default R-12, $96.45). */
  receipt?: Receipt;
}

/** One model's answer. */
export interface EnsembleAnswer {
  /** The model. */
  model: string;
  /** The total it read, e.g. "96.45". */
  answer: string;
  /** Its own confidence, 0..1. */
  confidence: number;
}

/** What {@link run} measured. */
export interface EnsembleReport {
  /** The correct total (what the receipt says). */
  truth: string;
  /** Every model's answer, in ensemble order. */
  answers: Array<EnsembleAnswer & { durationMs: number; costUsd: number }>;
  /** The most confident answer (from `bestResult('confidence')`). */
  best: EnsembleAnswer | undefined;
  /** Models whose answer equals the best one. */
  agreeing: number;
  /** Models that answered. */
  total: number;
  /** agreeing / total (0..1). */
  agreement: number;
  /** Wall time, in milliseconds. */
  wallMs: number;
  /** Sum of the model latencies, in milliseconds: asking them one after another. */
  sequentialMs: number;
  /** Money spent by the seven models, in USD. */
  costUsd: number;
}

type Question = { model: ModelId; receipt: Receipt };

/** Ask the seven models at once and keep the best-supported answer. */
export async function run(options: EnsembleOptions = {}): Promise<EnsembleReport> {
  const receipt = options.receipt ?? RECEIPTS[11]!;
  const truth = receipt.total.toFixed(2);
  const agent = simulatedAgent<Question, EnsembleAnswer>({
    name: 'total-reader',
    profile: (input) => MODELS[input.model],
    seed: options.seed ?? 2,
    outputTokens: 12,
    // Right answers come with high confidence; misreads (swapped digits) usually with less.
    answer: ({ model, receipt: r }, { random, profile }) => {
      const right = random() < profile.accuracy;
      const total = r.total.toFixed(2);
      return {
        model,
        answer: right ? total : pick(misreadings(total), random),
        confidence: Math.round((right ? 0.7 + 0.28 * random() : 0.35 + 0.4 * random()) * 100) / 100,
      };
    },
  });

  const run = await dispatch({
    agent,
    inputs: ENSEMBLE.map((model) => ({ model, receipt })),
    template: 'What is the total paid on this receipt? Merchant: {receipt.merchant}. Items: {receipt.items}. Answer with the number and your confidence.',
    aggregate: bestResult<Question, EnsembleAnswer>('confidence'),
    cache: false,
  });

  const best = run.value?.value;
  const vote = majorityVote<Question, EnsembleAnswer, string>('answer').finish(run.results);
  const agreeing = vote.votes.find((entry) => entry.value === best?.answer)?.count ?? 0;
  return {
    truth,
    answers: run.results.filter((result) => result.ok).map((result) => ({ ...result.value!, durationMs: result.durationMs, costUsd: result.costUsd })),
    best,
    agreeing,
    total: vote.total,
    agreement: vote.total === 0 ? 0 : agreeing / vote.total,
    wallMs: run.stats.wallMs,
    sequentialMs: run.results.reduce((sum, result) => sum + result.durationMs, 0),
    costUsd: run.stats.costUsd,
  };
}

/** Plausible misreadings of a total: two adjacent digits swapped. */
function misreadings(total: string): string[] {
  const digits = total.replace('.', '');
  const readings: string[] = [];
  for (let i = 0; i + 1 < digits.length; i++) {
    if (digits[i] === digits[i + 1]) continue;
    const swapped = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    readings.push(`${swapped.slice(0, -2)}.${swapped.slice(-2)}`);
  }
  return readings.length > 0 ? readings : [`${total}0`];
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: EnsembleReport): string {
  return `best ${report.best?.answer ?? 'none'} from ${report.best?.model ?? 'no model'}, ${report.agreeing}/${report.total} agree (${percent(report.agreement)})`;
}

/** The report as text. */
export function render(report: EnsembleReport): string[] {
  return [
    ...table(
      report.answers.map((answer) => [
        answer.model,
        answer.answer,
        answer.confidence.toFixed(2),
        answer.answer === report.best?.answer ? 'agrees' : 'differs',
        ms(answer.durationMs),
        usd(answer.costUsd),
      ]),
      { header: ['model', 'total', 'confidence', 'vs best', 'latency', 'cost'], align: ['l', 'r', 'r', 'l', 'r', 'r'] },
    ),
    '',
    ...facts([
      ['best', report.best ? `${report.best.answer} from ${report.best.model} (confidence ${report.best.confidence.toFixed(2)}); the receipt says ${report.truth}` : 'no model answered'],
      ['agreement', `${report.agreeing}/${report.total} models (${percent(report.agreement)})`],
      ['wall time', `${ms(report.wallMs)} for seven models, vs ${ms(report.sequentialMs)} one after another: ${times(report.sequentialMs / report.wallMs)} faster`],
      ['cost', usd(report.costUsd)],
    ]),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
