/** The link check of the built site, on small hand-made sites. */
import { describe, expect, test } from 'vitest';
import { brokenLinks } from '../scripts/check-links.mjs';

function check(pages: Record<string, string>, extraFiles: string[] = []): string[] {
  const map = new Map(Object.entries(pages));
  return brokenLinks(map, new Set([...map.keys(), ...extraFiles]), (path) => map.get(path));
}

describe('brokenLinks', () => {
  test('accepts links to existing files, folders with an index.html and existing anchors', () => {
    expect(
      check(
        {
          'index.html': '<a href="how.html#limits">x</a><a href="api/">api</a><img src="assets/logo.svg"><a href="#top" id="top">t</a><a href="https://example.com/x">e</a>',
          'how.html': '<h2 id="limits">Limits</h2>',
          'api/index.html': '<a href="../index.html">home</a>',
        },
        ['assets/logo.svg'],
      ),
    ).toEqual([]);
  });

  test('names a missing file, a missing anchor and a relative link written for another folder', () => {
    expect(
      check({
        'index.html': '<a href="gone.html">x</a><a href="source.html#file-samples.test.ts">y</a>',
        'source.html': '<section id="file-batch.ts"></section>',
        'api/functions/dispatch.html': '<a href="../when.html">WHEN</a>',
      }),
    ).toEqual([
      'index.html: gone.html (no such file: gone.html)',
      'index.html: source.html#file-samples.test.ts (no element with id "file-samples.test.ts" on source.html)',
      'api/functions/dispatch.html: ../when.html (no such file: api/when.html)',
    ]);
  });
});
