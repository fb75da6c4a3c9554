import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachMatch } from '../../src/guards/each-match.js';

const collect = (pattern: RegExp, text: string) => {
  const found: [number, string][] = [];
  eachMatch(pattern, text, (match) => void found.push([match.index, match[0]]));
  return found;
};
const viaMatchAll = (pattern: RegExp, text: string) =>
  [...text.matchAll(pattern)].filter((match) => match[0].length > 0).map((match) => [match.index, match[0]] as [number, string]);

describe('eachMatch', () => {
  it("finds exactly matchAll's non-empty matches, including around empty matches and astral characters", () => {
    const patterns = [/a+/gu, /b*/gu, /(?<=x)y?/gu, /\p{L}+/gu, /😀|z/gu, /$/gmu, /x?/g];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom('a', 'b', 'x', 'y', 'z', ' ', '\n', '😀', 'é') }), (pattern, text) => {
        expect(collect(pattern, text)).toEqual(viaMatchAll(pattern, text));
      }),
      { numRuns: 500 },
    );
  });

  it('can nest on the same regex and stop early', () => {
    const word = /\w+/g;
    const pairs: string[] = [];
    eachMatch(word, 'a b', (outer) => {
      eachMatch(word, 'x y', (inner) => void pairs.push(outer[0] + inner[0]));
    });
    expect(pairs).toEqual(['ax', 'ay', 'bx', 'by']);
    const first: string[] = [];
    eachMatch(word, 'one two three', (match) => (first.push(match[0]), false));
    expect(first).toEqual(['one']);
  });
});
