import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.js';

// A true page reload in headless Chromium: a page on 127.0.0.1 loads a bundle
// of @flotilla/core and this package, dispatches, reloads, and dispatches the
// same work again. Only IndexedDB survives the reload, so the second run must
// be served from it: no agent call.
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

const pageScript = `
import { dispatch } from '@flotilla/core';
import { indexedDbCache } from './src/index.ts';

const agent = { name: 'summarise', version: '1', run: async (text) => text.toUpperCase() };

window.runDispatch = async () => {
  const cache = indexedDbCache({ dbName: 'reload-test' });
  const run = await dispatch({ agent, inputs: ['alpha', 'beta', 'gamma'], cache });
  return {
    status: cache.status,
    agentCalls: run.stats.agentCalls,
    cached: run.stats.cached,
    values: run.results.map((r) => r.value),
  };
};
window.loadedAt = performance.timeOrigin;
`;

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: pageScript, resolveDir: packageRoot, sourcefile: 'page.ts', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const script = bundle.outputFiles[0]!.text;
  server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

it('runs no agent for the same dispatch after a real page reload', async () => {
  const context = await browser.newContext();
  // Nothing may leave the machine: only our own server answers.
  await context.route((url) => url.origin !== origin, (route) => route.abort());
  const page = await context.newPage();
  type Outcome = { status: string; agentCalls: number; cached: number; values: string[] };
  const runDispatch = () => page.evaluate(() => (window as unknown as { runDispatch(): Promise<Outcome> }).runDispatch());
  const loadedAt = () => page.evaluate(() => (window as unknown as { loadedAt: number }).loadedAt);

  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'runDispatch' in window);
  const first = await runDispatch();
  const firstLoad = await loadedAt();

  await page.reload();
  await page.waitForFunction(() => 'runDispatch' in window);
  expect(await loadedAt()).not.toBe(firstLoad); // a new document, not the old one
  const second = await runDispatch();

  expect(first).toEqual({ status: 'indexeddb', agentCalls: 3, cached: 0, values: ['ALPHA', 'BETA', 'GAMMA'] });
  expect(second).toEqual({ status: 'indexeddb', agentCalls: 0, cached: 3, values: ['ALPHA', 'BETA', 'GAMMA'] });
  await context.close();
});
