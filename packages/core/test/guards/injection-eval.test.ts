import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DOCS_PATH, evaluateInjection, INJECTION_TARGETS, injectionMarkdown, loadInjectionCorpus, meetsInjectionTargets, withInjectionTable } from '../../scripts/eval-injection.js';
import { detectInjection, detectInjectionUnfiltered } from '../../src/guards/detect-injection.js';
import { mayContainInjection } from '../../src/guards/injection-prefilter.js';

describe('injection corpus evaluation', () => {
  const corpus = loadInjectionCorpus();

  it('has at least 150 labelled texts across the kinds issue 18 names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(corpus.map((line) => line.kind));
    for (const kind of ['language', 'indirect', 'obfuscation', 'paraphrase', 'benign_lookalike', 'benign_language', 'benign_indirect']) {
      expect(kinds).toContain(kind);
    }
    expect(new Set(corpus.map((line) => line.id)).size).toBe(corpus.length);
  });

  it(`meets recall >= ${INJECTION_TARGETS.recall} with <= ${INJECTION_TARGETS.falsePositiveRate * 100}% false positives`, () => {
    const evaluation = evaluateInjection(corpus);
    expect(evaluation.recall).toBeGreaterThanOrEqual(INJECTION_TARGETS.recall);
    expect(evaluation.falsePositiveRate).toBeLessThanOrEqual(INJECTION_TARGETS.falsePositiveRate);
    expect(meetsInjectionTargets(evaluation)).toBe(true);
  });

  it('the table in docs/deep-dive.md (shown on the docs site) is the one the script generates now', () => {
    const docs = readFileSync(DOCS_PATH, 'utf8');
    expect(withInjectionTable(docs, evaluateInjection(corpus))).toBe(docs);
  });

  it('scores per kind and renders the table', () => {
    const evaluation = evaluateInjection([
      { id: 'a', label: 'injection', kind: 'k1', text: 'x' },
      { id: 'b', label: 'benign', kind: 'k2', text: 'y' },
    ], (text) => ({ detected: text === 'y', matches: [] }));
    expect(evaluation.byKind.k1).toMatchObject({ total: 1, flagged: 0, rate: 0 });
    expect(evaluation.byKind.k2).toMatchObject({ total: 1, flagged: 1, rate: 1 });
    expect(evaluation.recall).toBe(0);
    expect(evaluation.falsePositiveRate).toBe(1);
    expect(injectionMarkdown(evaluation)).toContain('| k1 | 1 | 0 | recall 0.00 |');
  });
});

describe('keyword prefilter', () => {
  const corpus = loadInjectionCorpus();

  it('never hides a hit: every text the full rules flag passes the prefilter', () => {
    for (const line of corpus) {
      if (detectInjectionUnfiltered(line.text).detected) expect(mayContainInjection(line.text), line.text).toBe(true);
    }
  });

  it('never hides a hit in random mixtures of attack fragments (property)', () => {
    const fragments = corpus.filter((line) => line.label === 'injection').flatMap((line) => line.text.split(/(?<=[ ,.:])/));
    fc.assert(fc.property(fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 12 }), (parts) => {
      const text = parts.join('');
      if (detectInjectionUnfiltered(text).detected) expect(mayContainInjection(text)).toBe(true);
    }), { numRuns: 300 });
  });

  it('lets plain benign prose and short values through without the rules', () => {
    expect(mayContainInjection('Thanks for the quick turnaround on the quarterly report. The numbers look right to me.')).toBe(false);
    expect(detectInjection('ok')).toEqual({ detected: false, matches: [] });
    expect(detectInjection('id')).toEqual({ detected: false, matches: [] });
  });
});
