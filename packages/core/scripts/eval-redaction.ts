/**
 * Measures `redact` against the labeled corpus in test/fixtures/redaction-corpus.jsonl
 * and prints precision and recall per type and overall.
 *
 * Matching is span-level and EXACT: a finding counts as a true positive only
 * when its type, start and end all equal a labeled span. Anything else found is
 * a false positive; any labeled span not found exactly is a false negative.
 * Exits 1 when overall recall < 0.98 or precision < 0.95.
 *
 *   npx tsx packages/core/scripts/eval-redaction.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redact } from '../src/guards/redact.js';

/** Targets from issue 3. */
export const TARGETS = { recall: 0.98, precision: 0.95 } as const;

/** Counts and ratios for one type (or overall). */
export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

/** The evaluation: per type, overall, and the lines that went wrong (for debugging). */
export interface Evaluation {
  lines: number;
  byType: Record<string, Score>;
  overall: Score;
  errors: Array<{ id: string; text: string; missed: string[]; spurious: string[] }>;
  /** Lines with no labelled span, and how many of them `redact` left byte-identical. */
  benign: { lines: number; unchanged: number };
}

interface Line {
  id: string;
  text: string;
  spans: Array<{ type: string; start: number; end: number }>;
}

/** Default corpus location. */
export const CORPUS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'redaction-corpus.jsonl');

/** Read a JSONL corpus. */
export function loadCorpus(path = CORPUS_PATH): Line[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Line);
}

/** Run `redact` over every line and score its findings against the labels (exact span match). */
export function evaluateRedaction(corpus: readonly Line[] = loadCorpus()): Evaluation {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (type: string, field: 'tp' | 'fp' | 'fn'): void => {
    const entry = counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    entry[field]++;
    counts.set(type, entry);
  };
  const errors: Evaluation['errors'] = [];
  const benign = { lines: 0, unchanged: 0 };
  for (const line of corpus) {
    if (line.spans.length === 0) {
      benign.lines++;
      if (redact(line.text).text === line.text) benign.unchanged++;
    }
    const key = (s: { type: string; start: number; end: number }): string => `${s.type}@${s.start}-${s.end}`;
    const gold = new Set(line.spans.map(key));
    const found = new Set(redact(line.text).findings.map(key));
    const missed: string[] = [];
    const spurious: string[] = [];
    for (const span of line.spans) {
      if (found.has(key(span))) bump(span.type, 'tp');
      else {
        bump(span.type, 'fn');
        missed.push(`${key(span)} ${JSON.stringify(line.text.slice(span.start, span.end))}`);
      }
    }
    for (const finding of redact(line.text).findings) {
      if (!gold.has(key(finding))) {
        bump(finding.type, 'fp');
        spurious.push(`${key(finding)} ${JSON.stringify(line.text.slice(finding.start, finding.end))}`);
      }
    }
    if (missed.length > 0 || spurious.length > 0) errors.push({ id: line.id, text: line.text, missed, spurious });
  }
  const byType: Record<string, Score> = {};
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const [type, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    byType[type] = score(c);
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return { lines: corpus.length, byType, overall: score(total), errors, benign };
}

function score({ tp, fp, fn }: { tp: number; fp: number; fn: number }): Score {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/** True when the overall scores meet {@link TARGETS}. */
export function meetsTargets(evaluation: Evaluation): boolean {
  return evaluation.overall.recall >= TARGETS.recall && evaluation.overall.precision >= TARGETS.precision;
}

function report(evaluation: Evaluation): string {
  const row = (name: string, s: Score): string =>
    `${name.padEnd(16)} ${s.precision.toFixed(3).padStart(9)} ${s.recall.toFixed(3).padStart(7)} ${String(s.truePositives).padStart(5)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(4)}`;
  return [
    `redaction corpus: ${evaluation.lines} lines, exact span match (type, start and end must all agree)`,
    `${'type'.padEnd(16)} precision  recall    tp   fp   fn`,
    ...Object.entries(evaluation.byType).map(([type, s]) => row(type, s)),
    row('overall', evaluation.overall),
    `benign lines left byte-identical: ${evaluation.benign.unchanged} of ${evaluation.benign.lines}`,
    `targets: recall >= ${TARGETS.recall}, precision >= ${TARGETS.precision}`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const evaluation = evaluateRedaction();
  console.log(report(evaluation));
  for (const error of evaluation.errors) console.log(`\n${error.id}: ${JSON.stringify(error.text)}\n  missed: ${error.missed.join('; ')}\n  spurious: ${error.spurious.join('; ')}`);
  if (!meetsTargets(evaluation)) {
    console.error('FAILED: below target');
    process.exit(1);
  }
}
