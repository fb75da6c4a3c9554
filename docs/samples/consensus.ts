/**
 * WHEN: multi-model consensus. Five models classify the same receipt at the
 * same time; `majorityVote` reports the majority and how strong it is.
 *
 * Run it alone: `npx tsx docs/samples/consensus.ts`
 */
import { dispatch, majorityVote } from '@flotilla/core';
import { facts, ms, percent, table, usd } from './format.js';
import { CLASSIFY_TEMPLATE, confusedWith, RECEIPTS, readCategory, type Category, type Receipt } from './receipts.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent, type ModelId } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Multi-model consensus: 5 models vote';

/** The five voters. */
export const VOTERS: readonly ModelId[] = ['orca-large', 'heron-1-pro', 'lynx-70b', 'kestrel-flash', 'lynx-8b'];

/** Options of {@link run}. */
export interface ConsensusOptions {
  /** Seed of the simulated models (default 3). */
  seed?: number;
  /** The receipt to classify (default the first receipt, a USB-C charger). */
  receipt?: Receipt;
}

/** One model's ballot. */
export interface Ballot {
  /** The model. */
  model: string;
  /** Its answer, or `undefined` when it failed. */
  category: Category | undefined;
  /** Its latency, in milliseconds. */
  durationMs: number;
  /** What it cost, in USD. */
  costUsd: number;
}

/** What {@link run} measured. */
export interface ConsensusReport {
  /** The receipt voted on. */
  receipt: Receipt;
  /** The majority category. */
  winner: Category | undefined;
  /** Votes for the winner. */
  winnerVotes: number;
  /** Models that voted. */
  total: number;
  /** The winner's share of the votes (0..1). */
  agreement: number;
  /** The outcome as people read it, e.g. "electronics (4/5 votes)". */
  headline: string;
  /** Votes per category, most first. */
  votes: Array<{ category: Category; count: number }>;
  /** Every model's answer, in voter order. */
  ballots: Ballot[];
  /** Wall time of the vote, in milliseconds. */
  wallMs: number;
  /** The slowest model's latency, in milliseconds: the floor of the wall time. */
  slowestMs: number;
  /** Money spent by all five models, in USD. */
  costUsd: number;
}

/** Ask the five models in parallel and take the majority. */
export async function run(options: ConsensusOptions = {}): Promise<ConsensusReport> {
  const receipt = options.receipt ?? RECEIPTS[0]!;
  // One input per model: the agent fans the same receipt out over the voters.
  const agent = simulatedAgent<{ model: ModelId; receipt: Receipt }, { category: Category }>({
    name: 'receipt-voter',
    profile: (input) => MODELS[input.model],
    seed: options.seed ?? 3,
    answer: ({ receipt: r }, { random, profile }) => {
      const right = readCategory(r.items);
      return { category: random() < profile.accuracy ? right : confusedWith(right, random) };
    },
  });

  const run = await dispatch({
    agent,
    inputs: VOTERS.map((model) => ({ model, receipt })),
    template: CLASSIFY_TEMPLATE.replace(/\{(\w+)\}/g, '{receipt.$1}'),
    aggregate: majorityVote<{ model: ModelId; receipt: Receipt }, { category: Category }, Category>('category'),
    cache: false,
  });

  const vote = run.value;
  const winnerVotes = vote.votes[0]?.count ?? 0;
  return {
    receipt,
    winner: vote.winner,
    winnerVotes,
    total: vote.total,
    agreement: vote.agreement,
    headline: `${vote.winner ?? 'no winner'} (${winnerVotes}/${vote.total} votes)`,
    votes: vote.votes.map(({ value, count }) => ({ category: value, count })),
    ballots: run.results.map((result) => ({
      model: result.input.model,
      category: result.value?.category,
      durationMs: result.durationMs,
      costUsd: result.costUsd,
    })),
    wallMs: run.stats.wallMs,
    slowestMs: run.stats.latencyMs.max,
    costUsd: run.stats.costUsd,
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: ConsensusReport): string {
  return report.headline;
}

/** The report as text. */
export function render(report: ConsensusReport): string[] {
  return [
    ...facts([
      ['receipt', `${report.receipt.id} ${report.receipt.merchant}: ${report.receipt.items}`],
      ['majority', `${report.headline}, agreement ${percent(report.agreement)}`],
      ['wall time', `${ms(report.wallMs)} for all five (slowest model ${ms(report.slowestMs)})`],
      ['cost', usd(report.costUsd)],
    ]),
    '',
    ...table(
      report.ballots.map((ballot) => [ballot.model, ballot.category ?? '(failed)', ms(ballot.durationMs), usd(ballot.costUsd)]),
      { header: ['model', 'answer', 'latency', 'cost'], align: ['l', 'l', 'r', 'r'] },
    ),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
