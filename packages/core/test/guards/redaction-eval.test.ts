import { describe, expect, it } from 'vitest';
import { evaluateRedaction, loadCorpus, meetsTargets, TARGETS } from '../../scripts/eval-redaction.js';

describe('redaction corpus evaluation', () => {
  const corpus = loadCorpus();

  it('has a large labeled corpus covering every type', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    const types = new Set(corpus.flatMap((line) => line.spans.map((span) => span.type)));
    expect(types).toEqual(new Set(['email', 'phone', 'us_ssn', 'credit_card', 'iban', 'ip_address', 'api_key', 'jwt', 'private_key', 'url_credentials']));
    expect(corpus.filter((line) => line.spans.length === 0).length).toBeGreaterThan(40);
  });

  it(`meets recall >= ${TARGETS.recall} and precision >= ${TARGETS.precision} (exact span match)`, () => {
    const evaluation = evaluateRedaction(corpus);
    expect(evaluation.overall.recall).toBeGreaterThanOrEqual(TARGETS.recall);
    expect(evaluation.overall.precision).toBeGreaterThanOrEqual(TARGETS.precision);
    expect(meetsTargets(evaluation)).toBe(true);
  });

  it('counts a wrong span as a miss plus a false positive', () => {
    const evaluation = evaluateRedaction([{ id: 'x', text: 'mail ana@example.com', spans: [{ type: 'email', start: 5, end: 19 }] }]);
    expect(evaluation.overall).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1 });
  });
});
