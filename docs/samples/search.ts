/**
 * WHEN: parallel search. Ten documents scored for relevance to one question
 * at the same time; `rankByMetric` orders them, best first.
 *
 * Run it alone: `npx tsx docs/samples/search.ts`
 */
import { dispatch, rankByMetric } from '@flotilla/core';
import { facts, ms, table, times, usd } from './format.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Parallel search: 10 documents ranked by relevance';

/** A document of the searched corpus. */
export interface SearchDocument {
  /** Document id. */
  id: string;
  /** Its title. */
  title: string;
  /** Its text. */
  text: string;
}

/** The question searched for. */
export const QUERY = 'How do I cap the spend of parallel agents with a budget?';

/** The ten documents searched. */
export const DOCUMENTS: readonly SearchDocument[] = [
  { id: 'D01', title: 'Retry policies', text: 'Retry failed calls with exponential backoff and jitter.' },
  { id: 'D02', title: 'Spend budgets', text: 'Set a budget to cap the spend of parallel agents: each agent reserves its cost before it starts.' },
  { id: 'D03', title: 'Prompt templates', text: 'Fill placeholders from each input into the prompt.' },
  { id: 'D04', title: 'Concurrency', text: 'Limit how many parallel agents run at once with maxConcurrent.' },
  { id: 'D05', title: 'Caching', text: 'Identical work runs once; cached answers cost nothing.' },
  { id: 'D06', title: 'Cost reports', text: 'Agents report the spend of every call so the run knows its cost.' },
  { id: 'D07', title: 'Deadlines', text: 'Stop the whole run at a deadline and abort running agents.' },
  { id: 'D08', title: 'Voting', text: 'Ask several models and keep the majority answer.' },
  { id: 'D09', title: 'Quotas', text: 'Quotas cap the number of agents and the budget of a run.' },
  { id: 'D10', title: 'Streaming results', text: 'Consume each result as it completes instead of waiting for all.' },
];

/** Options of {@link run}. */
export interface SearchOptions {
  /** Seed of the simulated scorer (default 11). */
  seed?: number;
}

/** One ranked document. */
export interface RankedDocument {
  /** Document id. */
  id: string;
  /** Document title. */
  title: string;
  /** The scorer's relevance, 0..1. */
  relevance: number;
}

/** What {@link run} measured. */
export interface SearchReport {
  /** The question. */
  query: string;
  /** Documents scored. */
  documents: number;
  /** Every document, most relevant first (from `rankByMetric('relevance')`). */
  ranking: RankedDocument[];
  /** Wall time, in milliseconds. */
  wallMs: number;
  /** Sum of the scorers' latencies, in milliseconds: the time of a one-by-one scan. */
  sequentialMs: number;
  /** Money spent, in USD. */
  costUsd: number;
}

const STOP_WORDS = new Set(['how', 'do', 'i', 'the', 'of', 'with', 'a', 'and', 'to', 'its', 'it', 'each']);

/** The content words of `text`, lower-cased. */
export function terms(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g)?.filter((word) => !STOP_WORDS.has(word)) ?? [];
}

/** Share of the query's content words that `document` contains (0..1): the relevance a good scorer estimates. */
export function termOverlap(query: string, document: SearchDocument): number {
  const words = new Set(terms(`${document.title} ${document.text}`));
  const wanted = [...new Set(terms(query))];
  return wanted.filter((word) => words.has(word) || words.has(`${word}s`)).length / wanted.length;
}

/** Score every document in parallel and rank them. */
export async function run(options: SearchOptions = {}): Promise<SearchReport> {
  const agent = simulatedAgent<SearchDocument, RankedDocument>({
    name: 'relevance-scorer',
    profile: MODELS['heron-1'],
    seed: options.seed ?? 11,
    outputTokens: 8,
    // The simulated scorer sees the overlap through a little model noise (+/- 0.05).
    answer: (document, { random }) => ({
      id: document.id,
      title: document.title,
      relevance: round2(Math.min(1, Math.max(0, termOverlap(QUERY, document) + 0.1 * (random() - 0.5)))),
    }),
  });

  const run = await dispatch({
    agent,
    inputs: DOCUMENTS,
    template: `Rate from 0 to 1 how well this document answers "${QUERY}". Title: {title}. Text: {text}`,
    aggregate: rankByMetric<SearchDocument, RankedDocument>('relevance'),
    cache: false,
  });

  return {
    query: QUERY,
    documents: run.results.length,
    ranking: run.value.map((result) => result.value!),
    wallMs: run.stats.wallMs,
    sequentialMs: run.results.reduce((sum, result) => sum + result.durationMs, 0),
    costUsd: run.stats.costUsd,
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The outcome in one line, for the demo's summary. */
export function headline(report: SearchReport): string {
  return `top: ${report.ranking[0]?.id} "${report.ranking[0]?.title}" (${report.ranking[0]?.relevance.toFixed(2)}) of ${report.documents} in ${ms(report.wallMs)}`;
}

/** The report as text. */
export function render(report: SearchReport): string[] {
  return [
    ...facts([
      ['query', `"${report.query}"`],
      ['scored', `${report.documents} documents in ${ms(report.wallMs)}, vs ${ms(report.sequentialMs)} one by one: ${times(report.sequentialMs / report.wallMs)} faster`],
      ['cost', usd(report.costUsd)],
    ]),
    '',
    ...table(
      report.ranking.slice(0, 5).map((doc, rank) => [`${rank + 1}.`, doc.id, doc.title, doc.relevance.toFixed(2)]),
      { header: ['#', 'doc', 'title', 'relevance'], align: ['r', 'l', 'l', 'r'] },
    ),
    `(top 5 of ${report.ranking.length})`,
  ];
}

await runDirectly(import.meta.url, { title, run, render });
