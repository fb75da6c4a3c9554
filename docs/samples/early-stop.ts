/**
 * WHY: early-stop consensus. Seven models vote on a receipt's category with
 * `majorityVote('category', { earlyStop: true })`: once no model still
 * running could change the outcome, the run stops, the slow (and dearest)
 * models are aborted, and the money they would have cost is not spent. The
 * same vote run in full, with the same seeded models, shows the winner is
 * the same and measures what the early stop saved, on one receipt and on twenty.
 *
 * Run it alone: `npx tsx docs/samples/early-stop.ts`
 */
import { dispatch, majorityVote, type AgentResult } from '@flotilla/core';
import { facts, ms, percent, table, usd } from './format.js';
import { CLASSIFY_TEMPLATE, confusedWith, RECEIPTS, readCategory, type Category, type Receipt } from './receipts.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent, type ModelId } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Early-stop consensus: stop the vote once it is decided';

/** The seven voters, cheapest and fastest first (the order does not matter to the vote). */
export const VOTERS: readonly ModelId[] = ['lynx-8b', 'kestrel-flash', 'orca-mini', 'heron-1', 'lynx-70b', 'orca-large', 'heron-1-pro'];

/** USD reserved per call before it starts: about the dearest model's worst call. */
export const RESERVATION_USD = 0.0015;

/** Options of {@link run}. */
export interface EarlyStopOptions {
  /** Seed of the simulated models (default 2). */
  seed?: number;
  /** The receipt shown in detail (default the first, a USB-C charger). */
  receipt?: Receipt;
  /** Receipts of the batch comparison (default all twenty). */
  batch?: readonly Receipt[];
}

/** What became of one model's call in the early-stopped vote. */
export interface EarlyBallot {
  /** The model. */
  model: string;
  /** Its answer, when it voted. */
  category: Category | undefined;
  /** `voted`, `aborted` (cut by the decision), `skipped` (never started) or `failed`. */
  status: 'voted' | 'aborted' | 'skipped' | 'failed';
  /** How long it ran, in milliseconds. */
  durationMs: number;
  /** What it cost, in USD. */
  costUsd: number;
}

/** One vote run twice: with early stop and in full. */
export interface VoteComparison {
  /** The receipt voted on. */
  receipt: Receipt;
  /** The early-stopped vote's winner. */
  winner: Category | undefined;
  /** The full vote's winner (the early stop must not change it). */
  fullWinner: Category | undefined;
  /** Results it took to decide, or `undefined` when the vote ran to the end. */
  decidedAfter: number | undefined;
  /** Votes the winner led by when the run stopped. */
  margin: number;
  /** Money the early-stopped vote spent, in USD. */
  earlyCostUsd: number;
  /** Money the full vote spent, in USD. */
  fullCostUsd: number;
  /** Reservations of the aborted and skipped calls (`stats.savedUsd`), in USD. */
  reservedSavedUsd: number;
  /** Wall time of the early-stopped vote, in milliseconds. */
  earlyWallMs: number;
  /** Wall time of the full vote, in milliseconds. */
  fullWallMs: number;
}

/** What {@link run} measured. */
export interface EarlyStopReport extends VoteComparison {
  /** Models asked. */
  voters: number;
  /** Every model's call in the early-stopped vote, in voter order. */
  ballots: EarlyBallot[];
  /** Measured saving on this receipt: full cost minus early cost, in USD. */
  savedUsd: number;
  /** The same comparison over a batch of receipts. */
  batch: {
    /** Receipts voted on. */
    receipts: number;
    /** Receipts whose vote stopped early. */
    decidedEarly: number;
    /** Receipts where both votes picked the same winner (all of them, by construction). */
    sameWinner: number;
    /** Mean results it took to decide, over the votes that stopped early. */
    meanDecidedAfter: number;
    /** Total spent with early stop, in USD. */
    earlyCostUsd: number;
    /** Total spent by the full votes, in USD. */
    fullCostUsd: number;
    /** Measured saving: full minus early, in USD. */
    savedUsd: number;
  };
}

type Question = { model: ModelId; receipt: Receipt };
type Answer = { category: Category };

function voterAgent(seed: number) {
  return simulatedAgent<Question, Answer>({
    name: 'receipt-voter',
    profile: (input) => MODELS[input.model],
    seed,
    answer: ({ receipt }, { random, profile }) => {
      const right = readCategory(receipt.items);
      return { category: random() < profile.accuracy ? right : confusedWith(right, random) };
    },
  });
}

/** Run one receipt's vote, with or without the early stop. */
function vote(receipt: Receipt, seed: number, earlyStop: boolean) {
  return dispatch({
    agent: voterAgent(seed),
    inputs: VOTERS.map((model) => ({ model, receipt })),
    template: CLASSIFY_TEMPLATE.replace(/\{(\w+)\}/g, '{receipt.$1}'),
    aggregate: majorityVote<Question, Answer, Category>('category', { earlyStop }),
    limits: { costPerAgentUsd: RESERVATION_USD },
    cache: false,
  });
}

/** Vote on `receipt` with early stop, then in full, and compare. */
export async function compare(receipt: Receipt, seed: number) {
  const early = await vote(receipt, seed, true);
  const full = await vote(receipt, seed, false);
  const comparison: VoteComparison = {
    receipt,
    winner: early.value.winner,
    fullWinner: full.value.winner,
    decidedAfter: early.value.decidedAfter,
    margin: early.value.margin,
    earlyCostUsd: early.stats.costUsd,
    fullCostUsd: full.stats.costUsd,
    reservedSavedUsd: early.stats.savedUsd,
    earlyWallMs: early.stats.wallMs,
    fullWallMs: full.stats.wallMs,
  };
  return { comparison, results: early.results };
}

function ballotOf(result: AgentResult<Question, Answer>): EarlyBallot {
  const decided = result.error?.code === 'decided';
  const status = result.ok ? 'voted' : decided ? (result.attempts > 0 ? 'aborted' : 'skipped') : 'failed';
  return { model: result.input.model, category: result.value?.category, status, durationMs: result.durationMs, costUsd: result.costUsd };
}

/** Vote on one receipt in detail, then compare early and full votes over a batch. */
export async function run(options: EarlyStopOptions = {}): Promise<EarlyStopReport> {
  const seed = options.seed ?? 2;
  const { comparison, results } = await compare(options.receipt ?? RECEIPTS[0]!, seed);
  // The batch votes run side by side, as a service classifying a stream of receipts would.
  const batch = await Promise.all((options.batch ?? RECEIPTS).map((receipt) => compare(receipt, seed).then((outcome) => outcome.comparison)));
  const stopped = batch.filter((entry) => entry.decidedAfter !== undefined);
  const earlyCostUsd = sum(batch.map((entry) => entry.earlyCostUsd));
  const fullCostUsd = sum(batch.map((entry) => entry.fullCostUsd));
  return {
    ...comparison,
    voters: VOTERS.length,
    ballots: results.map(ballotOf),
    savedUsd: comparison.fullCostUsd - comparison.earlyCostUsd,
    batch: {
      receipts: batch.length,
      decidedEarly: stopped.length,
      sameWinner: batch.filter((entry) => entry.winner === entry.fullWinner).length,
      meanDecidedAfter: stopped.length === 0 ? 0 : sum(stopped.map((entry) => entry.decidedAfter!)) / stopped.length,
      earlyCostUsd,
      fullCostUsd,
      savedUsd: fullCostUsd - earlyCostUsd,
    },
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** The outcome in one line, for the demo's summary. */
export function headline(report: EarlyStopReport): string {
  const after = report.decidedAfter === undefined ? `all ${report.voters} models` : `${report.decidedAfter} of ${report.voters} models`;
  return `${report.winner ?? 'no winner'} after ${after}, saved ${usd(report.savedUsd)} (${percent(share(report.savedUsd, report.fullCostUsd))}); ${percent(share(report.batch.savedUsd, report.batch.fullCostUsd))} over ${report.batch.receipts} receipts`;
}

/** The report as text. */
export function render(report: EarlyStopReport): string[] {
  const { batch } = report;
  return [
    ...table(
      report.ballots.map((ballot) => [ballot.model, ballot.category ?? '-', ballot.status, ms(ballot.durationMs), usd(ballot.costUsd)]),
      { header: ['model', 'answer', 'call', 'latency', 'cost'], align: ['l', 'l', 'l', 'r', 'r'] },
    ),
    '',
    ...facts([
      ['receipt', `${report.receipt.id} ${report.receipt.merchant}: ${report.receipt.items}`],
      ['winner', `${report.winner ?? 'none'}, decided after ${report.decidedAfter ?? report.voters} of ${report.voters} models (lead of ${report.margin}); the full vote also says ${report.fullWinner ?? 'none'}`],
      ['saved', `${usd(report.savedUsd)} measured: ${usd(report.earlyCostUsd)} instead of ${usd(report.fullCostUsd)} (${percent(share(report.savedUsd, report.fullCostUsd))}); ${usd(report.reservedSavedUsd)} of reservations released (stats.savedUsd)`],
      ['wall time', `${ms(report.earlyWallMs)} instead of ${ms(report.fullWallMs)}`],
      [
        `${batch.receipts} receipts`,
        `${batch.decidedEarly} votes stopped early, after ${batch.meanDecidedAfter.toFixed(1)} of ${report.voters} models on average; same winner as the full vote on ${batch.sameWinner}/${batch.receipts}; spent ${usd(batch.earlyCostUsd)} instead of ${usd(batch.fullCostUsd)}, saving ${usd(batch.savedUsd)} (${percent(share(batch.savedUsd, batch.fullCostUsd))})`,
      ],
    ]),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
