import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFingerprint } from '../../src/providers/config-fingerprint.js';
import { parseJsonAnswer } from '../../src/providers/json-output.js';
import { retryAfterMs } from '../../src/providers/retry-after.js';
import { estimatePromptTokens, estimateTokens, tokenCostUsd } from '../../src/providers/token-estimate.js';

describe('retryAfterMs', () => {
  const at = Date.parse('2030-01-01T00:00:00Z');

  it('reads seconds, fractional seconds, retry-after-ms and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), at)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), at)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), at)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:10 GMT' }), at)).toBe(10_000);
  });

  it('never returns a negative wait, and ignores garbage', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Mon, 31 Dec 2029 23:59:00 GMT' }), at)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), at)).toBeUndefined();
    expect(retryAfterMs(new Headers(), at)).toBeUndefined();
  });
});

describe('token estimate', () => {
  it('over-estimates English text compared with the usual 4 characters per token', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    expect(estimateTokens(text)).toBeGreaterThanOrEqual(Math.ceil(text.length / 4));
  });

  it('counts non-ASCII characters generously (at least one token each)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const codePoints = [...text].length;
        expect(estimateTokens(text)).toBeGreaterThanOrEqual(Math.ceil(codePoints / 3));
      }),
    );
    expect(estimateTokens('日本語')).toBe(6);
  });

  it('adds per-message and per-request overhead', () => {
    expect(estimatePromptTokens([])).toBe(3);
    expect(estimatePromptTokens(['abc', 'abc'])).toBe(3 + 2 * (4 + 1));
  });

  it('prices tokens per million', () => {
    expect(tokenCostUsd({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 1_000_000, 0)).toBeCloseTo(0.15, 12);
    expect(tokenCostUsd({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 1000, 200)).toBeCloseTo(0.00027, 12);
  });
});

describe('parseJsonAnswer', () => {
  it('parses plain and fenced JSON', () => {
    expect(parseJsonAnswer('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonAnswer('```json\n{"a":[1,2]}\n```')).toEqual({ a: [1, 2] });
    expect(parseJsonAnswer('```\n[true]\n```\n')).toEqual([true]);
  });

  it('round-trips any JSON value, fenced or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, fenced) => {
        const text = JSON.stringify(value);
        expect(parseJsonAnswer(fenced ? `\`\`\`json\n${text}\n\`\`\`` : text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('throws a non-retryable agent_error that quotes a long answer briefly', () => {
    const long = `not json ${'x'.repeat(1000)}`;
    try {
      parseJsonAnswer(long);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'agent_error', retryable: false });
      expect((error as Error).message.length).toBeLessThan(400);
    }
  });
});

describe('configFingerprint', () => {
  it('is stable under key order and differs when a value differs', () => {
    expect(configFingerprint({ a: 1, b: 'x' })).toBe(configFingerprint({ b: 'x', a: 1 }));
    expect(configFingerprint({ a: 1 })).not.toBe(configFingerprint({ a: 2 }));
    expect(configFingerprint({ a: 1 })).toMatch(/^[0-9a-f]{8}$/);
  });
});
