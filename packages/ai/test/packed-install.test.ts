// @flotilla/ai and @flotilla/otel install from their packed tarballs into a
// fresh npm project and work there through both ESM and CJS.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('packed tarballs', () => {
  it('install into a fresh npm project and run a traced, priced dispatch from ESM and from CJS', () => {
    const script = fileURLToPath(new URL('../scripts/pack-install.mjs', import.meta.url));
    const output = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 240_000 });
    const { esm, cjs } = JSON.parse(output.trim().split('\n').at(-1)!) as Record<'esm' | 'cjs', { value: string; costUsd: number; spans: string[]; error: string }>;
    for (const check of [esm, cjs]) {
      expect(check.value).toBe('ok');
      // 10 input and 2 output tokens of gpt-4o-mini, priced from the table shipped in the tarball's dependencies.
      expect(check.costUsd).toBeCloseTo((10 * 0.15 + 2 * 0.6) / 1e6, 12);
      expect(check.spans).toEqual(['flotilla.dispatch fallbackChain(openai.chat/gpt-4o-mini)', 'flotilla.agent fallbackChain(openai.chat/gpt-4o-mini)']);
      expect(check.error).toBe('function');
    }
  }, 300_000);
});
