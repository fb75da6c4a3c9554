/**
 * The getting-started samples of the docs site, run as a reader would: the Node
 * one twice with tsx against one SQLite file (the second run served from it), the
 * Worker one bundled with esbuild and served by workerd (Miniflare). The browser
 * one runs in Chromium in the docs site tests (apps/docs/test/site.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, test } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '../../..');
const temp = mkdtempSync(join(tmpdir(), 'flotilla-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the first dispatch of the home page (docs/samples/start/first-dispatch.ts)', () => {
  test('runs the three inputs in order under the budget', () => {
    const result = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(here, 'first-dispatch.ts')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe("completed [ 'FIRST', 'SECOND', 'THIRD' ] 0.003");
  });
});

describe('Getting started on Node (docs/samples/start/node.ts)', () => {
  test('labels the three reviews, then serves all three from the SQLite file for $0', () => {
    const db = join(temp, 'start.db');
    const runOnce = () => {
      const result = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(here, 'node.ts'), db], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    const first = runOnce();
    expect(first).toContain('I love it: positive\n');
    expect(first).toContain('Broken and slow: negative\n');
    expect(first).toContain('It arrived on Tuesday: neutral\n');
    expect(first).toContain('stop: completed, spent $0.0012, 0 cached');
    const second = runOnce();
    expect(second).toContain('I love it: positive (cached)');
    expect(second).toContain('stop: completed, spent $0.0000, 3 cached');
  });
});

describe('Getting started on Cloudflare Workers (docs/samples/start/worker.ts)', () => {
  test('in workerd: labels a POSTed array, serves a repeat from the cache, refuses bad requests', async () => {
    const bundle = await build({
      entryPoints: [join(here, 'worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      mainFields: ['module', 'main'],
      conditions: ['worker', 'browser', 'import'],
    });
    const mf = new Miniflare({ modules: true, script: bundle.outputFiles[0]!.text, compatibilityDate: '2026-04-01' });
    try {
      const post = (body: string) => mf.dispatchFetch('http://worker.test/', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const response = await post(JSON.stringify(['I love it', 'broken and slow']));
      expect(response.status).toBe(200);
      const run = (await response.json()) as { stopReason: string; costUsd: number; results: Array<{ text: string; label: string; cached: boolean }> };
      expect(run.stopReason).toBe('completed');
      expect(run.results.map((result) => [result.text, result.label, result.cached])).toEqual([
        ['I love it', 'positive', false],
        ['broken and slow', 'negative', false],
      ]);
      expect(run.costUsd).toBeCloseTo(0.0008, 10);
      const again = (await (await post(JSON.stringify(['I love it']))).json()) as typeof run;
      expect(again.results[0]).toMatchObject({ label: 'positive', cached: true });
      expect(again.costUsd).toBe(0);
      expect((await post('{"not":"an array"}')).status).toBe(400);
      const get = await mf.dispatchFetch('http://worker.test/');
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      await get.text();
    } finally {
      await mf.dispose();
    }
  });
});
