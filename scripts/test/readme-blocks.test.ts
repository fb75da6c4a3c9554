import { describe, expect, test } from 'vitest';
import { readmeBlocks } from '../readme-blocks.mjs';
import { tarballProblems } from '../check-publish.mjs';

describe('readmeBlocks', () => {
  test('finds shell blocks only, with their marks, line and code (indented blocks included)', () => {
    const markdown = [
      '# Title', //
      '```sh',
      'echo one',
      '```',
      '```ts',
      'const notShell = 1;',
      '```',
      '<!-- illustration: needs an API key -->',
      '```bash',
      'curl https://example.com',
      '```',
      '1. Item:',
      '   <!-- serves: http://127.0.0.1:4173/ -->',
      '   ```sh',
      '   npx serve',
      '   ```',
      '<!-- ci: .ci/run runs it -->',
      '````sh',
      'echo "```"',
      '````',
    ].join('\n');
    expect(readmeBlocks(markdown)).toEqual([
      { line: 2, code: 'echo one', mark: 'run', detail: '' },
      { line: 9, code: 'curl https://example.com', mark: 'illustration', detail: 'needs an API key' },
      { line: 14, code: 'npx serve', mark: 'serves', detail: 'http://127.0.0.1:4173/' },
      { line: 18, code: 'echo "```"', mark: 'ci', detail: '.ci/run runs it' },
    ]);
  });

  test('a comment that is not directly above the fence does not mark it', () => {
    expect(readmeBlocks('<!-- illustration: far away -->\n\n```sh\necho\n```')[0]!.mark).toBe('run');
  });
});

describe('tarballProblems', () => {
  const files = ['package/LICENSE', 'package/README.md', 'package/package.json', 'package/dist/index.js'];
  const manifest = { name: '@flotilla/x', license: 'MIT', dependencies: { '@flotilla/core': '0.1.0' } };

  test('a complete tarball has none', () => {
    expect(tarballProblems(files, manifest, '# x\n[guide](https://example.com)')).toEqual([]);
  });

  test('names a missing LICENSE, a workspace range left in place and a README link out of the package', () => {
    const problems = tarballProblems(
      files.filter((file) => file !== 'package/LICENSE'),
      { ...manifest, dependencies: { '@flotilla/core': 'workspace:*' } },
      'See the [repository README](../../README.md).',
    );
    expect(problems).toEqual([
      'LICENSE is not in the tarball (add it to "files")',
      'dependencies.@flotilla/core is still "workspace:*" in the packed package.json',
      'README.md links ../../README.md, outside the package (broken on npm)',
    ]);
  });
});
