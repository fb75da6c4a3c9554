/**
 * Measures `detectInjection` against the labelled corpus in
 * test/fixtures/injection-corpus.jsonl and prints, per kind, the recall
 * (injection kinds) or the false-positive rate (benign look-alike kinds), and
 * overall. Exits 1 when overall recall < 0.95 or the false-positive rate > 0.03.
 *
 *   npx tsx packages/core/scripts/eval-injection.ts              # table and misses
 *   npx tsx packages/core/scripts/eval-injection.ts --markdown   # the table as Markdown
 *   npx tsx packages/core/scripts/eval-injection.ts --write-docs # regenerate the table in docs/deep-dive.md
 *
 * The corpus is the team's own: rules tuned on it score higher here than on
 * text written independently, so treat these figures as an upper bound.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectInjection } from '../src/guards/detect-injection.js';

/** Targets from issue 18. */
export const INJECTION_TARGETS = { recall: 0.95, falsePositiveRate: 0.03 } as const;

/** One labelled text. */
export interface InjectionLine {
  id: string;
  label: 'injection' | 'benign';
  kind: string;
  text: string;
}

/** Counts for one kind: `flagged` of `total` texts were flagged. */
export interface KindScore {
  label: 'injection' | 'benign';
  total: number;
  flagged: number;
  /** flagged / total: recall for injection kinds, false-positive rate for benign kinds. */
  rate: number;
}

/** The evaluation: per kind, overall, and the texts that went wrong. */
export interface InjectionEvaluation {
  lines: number;
  byKind: Record<string, KindScore>;
  recall: number;
  falsePositiveRate: number;
  errors: Array<{ id: string; kind: string; text: string; expected: 'injection' | 'benign'; rules: string[] }>;
}

/** Default corpus location. */
export const INJECTION_CORPUS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'injection-corpus.jsonl');

/** Read a JSONL corpus. */
export function loadInjectionCorpus(path = INJECTION_CORPUS_PATH): InjectionLine[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as InjectionLine);
}

/** Run `detect` (default `detectInjection`) over every line and score it by kind. */
export function evaluateInjection(
  corpus: readonly InjectionLine[] = loadInjectionCorpus(),
  detect: (text: string) => { detected: boolean; matches: ReadonlyArray<{ rule: string }> } = detectInjection,
): InjectionEvaluation {
  const byKind: Record<string, KindScore> = {};
  const errors: InjectionEvaluation['errors'] = [];
  const totals = { injection: { total: 0, flagged: 0 }, benign: { total: 0, flagged: 0 } };
  for (const line of corpus) {
    const report = detect(line.text);
    const score = (byKind[line.kind] ??= { label: line.label, total: 0, flagged: 0, rate: 0 });
    score.total++;
    totals[line.label].total++;
    if (report.detected) {
      score.flagged++;
      totals[line.label].flagged++;
    }
    if (report.detected !== (line.label === 'injection')) {
      errors.push({ id: line.id, kind: line.kind, text: line.text, expected: line.label, rules: report.matches.map((m) => m.rule) });
    }
  }
  for (const score of Object.values(byKind)) score.rate = score.total === 0 ? 0 : score.flagged / score.total;
  return {
    lines: corpus.length,
    byKind,
    recall: totals.injection.total === 0 ? 1 : totals.injection.flagged / totals.injection.total,
    falsePositiveRate: totals.benign.total === 0 ? 0 : totals.benign.flagged / totals.benign.total,
    errors,
  };
}

/** True when the overall scores meet {@link INJECTION_TARGETS}. */
export function meetsInjectionTargets(evaluation: InjectionEvaluation): boolean {
  return evaluation.recall >= INJECTION_TARGETS.recall && evaluation.falsePositiveRate <= INJECTION_TARGETS.falsePositiveRate;
}

/** The per-kind table as Markdown. */
export function injectionMarkdown(evaluation: InjectionEvaluation): string {
  const kinds = Object.entries(evaluation.byKind).sort(([a, x], [b, y]) => x.label.localeCompare(y.label) * -1 || a.localeCompare(b));
  const injections = kinds.filter(([, s]) => s.label === 'injection');
  const benign = kinds.filter(([, s]) => s.label === 'benign');
  const sum = (rows: typeof kinds) => rows.reduce((n, [, s]) => ({ total: n.total + s.total, flagged: n.flagged + s.flagged }), { total: 0, flagged: 0 });
  const inj = sum(injections);
  const ben = sum(benign);
  return [
    '| kind | texts | flagged | measure |',
    '| --- | ---: | ---: | --- |',
    ...injections.map(([kind, s]) => `| ${kind} | ${s.total} | ${s.flagged} | recall ${s.rate.toFixed(2)} |`),
    `| **all injections** | ${inj.total} | ${inj.flagged} | **recall ${evaluation.recall.toFixed(2)}** |`,
    ...benign.map(([kind, s]) => `| ${kind} | ${s.total} | ${s.flagged} | false positives ${(s.rate * 100).toFixed(1)}% |`),
    `| **all benign look-alikes** | ${ben.total} | ${ben.flagged} | **false positives ${(evaluation.falsePositiveRate * 100).toFixed(1)}%** |`,
  ].join('\n');
}

/** docs/deep-dive.md, whose guards section shows the table between two markers (the docs site renders it). */
export const DOCS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'deep-dive.md');
const START = '<!-- injection-table:start (generated by packages/core/scripts/eval-injection.ts --write-docs) -->';
const END = '<!-- injection-table:end -->';

/** `markdown` with the block between the markers replaced by the current table. */
export function withInjectionTable(markdown: string, evaluation: InjectionEvaluation): string {
  const from = markdown.indexOf(START);
  const to = markdown.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOCS_PATH} has no injection-table markers; add ${START} ... ${END} where the table goes`);
  return `${markdown.slice(0, from + START.length)}\n${injectionMarkdown(evaluation)}\n${markdown.slice(to)}`;
}

function report(evaluation: InjectionEvaluation): string {
  const rows = Object.entries(evaluation.byKind).map(([kind, s]) =>
    `${kind.padEnd(20)} ${s.label.padEnd(10)} ${String(s.total).padStart(5)} ${String(s.flagged).padStart(7)}  ${s.label === 'injection' ? 'recall' : 'FP rate'} ${s.rate.toFixed(3)}`);
  return [
    `injection corpus: ${evaluation.lines} texts`,
    `${'kind'.padEnd(20)} ${'label'.padEnd(10)} texts flagged`,
    ...rows,
    `overall recall ${evaluation.recall.toFixed(3)}, false-positive rate ${evaluation.falsePositiveRate.toFixed(3)}`,
    `targets: recall >= ${INJECTION_TARGETS.recall}, false-positive rate <= ${INJECTION_TARGETS.falsePositiveRate}`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const evaluation = evaluateInjection();
  if (process.argv.includes('--write-docs')) {
    writeFileSync(DOCS_PATH, withInjectionTable(readFileSync(DOCS_PATH, 'utf8'), evaluation));
    console.log(`wrote the table to ${DOCS_PATH}`);
  } else if (process.argv.includes('--markdown')) {
    console.log(injectionMarkdown(evaluation));
  } else {
    console.log(report(evaluation));
    for (const error of evaluation.errors) console.log(`\n${error.id} (${error.kind}, expected ${error.expected}) ${JSON.stringify(error.text)}\n  rules: ${error.rules.join(', ') || '-'}`);
  }
  if (!meetsInjectionTargets(evaluation)) {
    console.error('FAILED: below target');
    process.exit(1);
  }
}
