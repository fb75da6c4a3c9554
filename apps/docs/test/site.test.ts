/**
 * The docs site in real headless Chromium: build it, serve the build on
 * 127.0.0.1, load every page (no console error, no failed request), click Run
 * on every sample and check its output and charts, and check the API
 * reference. Screenshots of every page go to test-results/screenshots/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { brokenLinks, filesOf } from '../scripts/check-links.mjs';
import { launchChromium } from './support/chromium.js';
import { serveStatic, type StaticServer } from './support/static-server.js';

const site = fileURLToPath(new URL('..', import.meta.url));
const results = join(site, 'test-results');
const outDir = join(results, 'site');
/** Where the screenshots of every page are written, for review. */
const SCREENSHOTS = join(results, 'screenshots');

interface Exit {
  code: number | null;
  output: string;
}

/** Run a command in the site's folder; resolves with its exit code and output. */
function exec(command: string, args: string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: site, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const bin = (name: string) => join(site, 'node_modules/.bin', name);

let server: StaticServer;
let browser: Browser;
// The API builds (TypeDoc, slow) run while the page tests use the browser.
let apiBuild: Promise<Exit>;
let fixtureBuild: Promise<Exit>;

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(join(results, 'fixture-api'), { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const vite = await exec(bin('vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
  if (vite.code !== 0) throw new Error(`vite build failed:\n${vite.output}`);
  apiBuild = exec(process.execPath, ['scripts/build-api.mjs', outDir]);
  fixtureBuild = exec(bin('typedoc'), ['--options', 'api.typedoc.json', '--entryPoints', 'test/fixtures/undocumented', '--out', join(results, 'fixture-api')]);
  server = await serveStatic(outDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all([apiBuild, fixtureBuild]);
  await browser?.close();
  await server?.close();
});

/** Open `path` in a fresh page and collect every console error, page error and failed request. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Chromium cancels a favicon fetch still in flight when the test moves on; that is not a broken page.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && request.url().endsWith('favicon.svg')) return;
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(`${server.origin}/${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  return { page, problems };
}

/** What one sample's runner showed after Run. */
interface SampleOutcome {
  name: string;
  error: string | undefined;
  headline: string;
  report: string;
  dispatches: Array<{
    stopReason: string;
    caption: string;
    agents: number;
    dataBars: number | undefined;
    bars: Array<{ index: number; outcome: string; startMs: number; endMs: number }>;
    capUsd: number | undefined;
    spentUsd: number | undefined;
    hasLegend: boolean;
    hasAxisTitle: boolean;
  }>;
}

/** Click Run on the sample and read what it shows once it is done. */
async function runSample(page: Page, name: string): Promise<SampleOutcome> {
  const section = page.locator(`section.sample[data-sample="${name}"]`);
  await section.locator('.run-button').click();
  await section.locator('.run-result[data-state="done"], .run-status.error').first().waitFor({ timeout: 30_000 });
  return section.evaluate((element, sampleName) => {
    const number = (value: string | null) => (value === null ? undefined : Number(value));
    const status = element.querySelector('.run-status')!;
    return {
      name: sampleName,
      error: status.classList.contains('error') ? status.textContent ?? '' : undefined,
      headline: element.querySelector('.headline')?.textContent ?? '',
      report: element.querySelector('.report pre')?.textContent ?? '',
      dispatches: [...element.querySelectorAll<HTMLElement>('figure.dispatch')].map((figure) => {
        const chart = figure.querySelector('svg.timeline');
        const meter = figure.querySelector('svg.cost-meter');
        return {
          stopReason: figure.dataset.stopReason ?? '',
          caption: figure.querySelector('figcaption')?.textContent ?? '',
          agents: Number(figure.dataset.agents),
          dataBars: number(chart?.getAttribute('data-bars') ?? null),
          bars: [...figure.querySelectorAll('svg.timeline rect.bar')].map((bar) => ({
            index: Number(bar.getAttribute('data-index')),
            outcome: bar.getAttribute('data-outcome') ?? '',
            startMs: Number(bar.getAttribute('data-start-ms')),
            endMs: Number(bar.getAttribute('data-end-ms')),
          })),
          capUsd: number(meter?.getAttribute('data-cap-usd') ?? null),
          spentUsd: number(meter?.getAttribute('data-spent-usd') ?? null),
          hasLegend: chart?.querySelector('.legend') !== null && chart !== null,
          hasAxisTitle: [...(chart?.querySelectorAll('.axis-title') ?? [])].some((text) => /ms/.test(text.textContent ?? '')),
        };
      }),
    };
  }, name);
}

/** Most bars that overlap in time (a bar that ends as another starts does not overlap it). */
function peakOverlap(bars: SampleOutcome['dispatches'][number]['bars']): number {
  const edges = bars.flatMap((bar) => [
    { at: bar.startMs, delta: 1 },
    { at: bar.endMs, delta: -1 },
  ]);
  // Ends before starts at the same time, with half a millisecond of slack for event order.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.delta));
  return peak;
}

const outcomes = (bars: SampleOutcome['dispatches'][number]['bars']) =>
  bars.reduce<Record<string, number>>((count, bar) => ({ ...count, [bar.outcome]: (count[bar.outcome] ?? 0) + 1 }), {});

/** What each known sample must show; samples added later get the generic checks only. */
const EXPECTED: Record<string, (outcome: SampleOutcome, source: string) => void> = {
  batch: ({ dispatches: [run] }) => {
    expect(run!.bars).toHaveLength(20);
    expect(peakOverlap(run!.bars)).toBeLessThanOrEqual(5);
  },
  consensus: ({ dispatches: [run], headline }) => {
    expect(run!.bars).toHaveLength(5);
    expect(headline).toMatch(/\(\d\/5 votes\)/);
  },
  search: ({ dispatches: [run] }) => expect(run!.bars).toHaveLength(10),
  semaphore: ({ dispatches: [run], headline }) => {
    expect(run!.bars).toHaveLength(10);
    // The chart itself shows the limit: never more than 3 bars over the same instant, and 3 at first.
    expect(peakOverlap(run!.bars)).toBe(3);
    expect(headline).toContain('peak 3 (limit 3)');
  },
  quota: ({ dispatches }) => {
    expect(dispatches).toHaveLength(3);
    const [big, old, preflight] = dispatches;
    expect(big!.stopReason).toBe('budget');
    expect(big!.capUsd).toBe(0.05);
    expect(big!.spentUsd).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(big!.bars).toHaveLength(1);
    expect(old!.stopReason).toBe('budget');
    expect(old!.spentUsd).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(preflight!.stopReason).toBe('refused (preflight)');
    expect(preflight!.bars).toHaveLength(0);
  },
  idempotency: ({ dispatches }, source) => {
    expect(dispatches).toHaveLength(2);
    const [first, second] = dispatches;
    expect(outcomes(first!.bars)).toEqual({ ok: 10, cached: 2 });
    expect(outcomes(second!.bars)).toEqual({ cached: 12 });
    // The site hands the sample an IndexedDB cache; it is used once the sample's run() accepts `cache`.
    if (/^\s*cache\?:/m.test(source)) for (const run of dispatches) expect(run.caption).toContain('IndexedDB cache (indexeddb)');
  },
  speedup: ({ dispatches }) => {
    expect(dispatches).toHaveLength(2);
    const [parallel, sequential] = dispatches;
    expect(parallel!.bars).toHaveLength(50);
    expect(sequential!.bars).toHaveLength(50);
    expect(peakOverlap(parallel!.bars)).toBe(10);
    expect(peakOverlap(sequential!.bars)).toBe(1);
  },
  ensemble: ({ dispatches: [run] }) => expect(run!.bars).toHaveLength(7),
  failsafe: ({ dispatches: [run] }) => {
    expect(run!.stopReason).toBe('failure_rate');
    expect(outcomes(run!.bars).failed).toBeGreaterThan(0);
    expect(outcomes(run!.bars).ok).toBeGreaterThan(0);
    expect(run!.bars.length).toBeLessThan(40);
  },
};

function sourceOf(name: string): string {
  return readFileSync(join(site, '../../docs/samples', `${name}.ts`), 'utf8');
}

/** Samples whose runner the page tests found and ran. */
const mounted: string[] = [];
/** The HTML of each page of the site after its scripts ran, for the link check. */
const rendered = new Map<string, string>();

/** Fails unless every selector matches an element that is visible (laid out, not hidden, with a size). */
async function expectVisible(page: Page, selectors: string[]): Promise<void> {
  for (const selector of selectors) {
    const element = page.locator(selector).first();
    expect(await element.isVisible(), `${selector} is visible`).toBe(true);
    const box = await element.boundingBox();
    expect(box && box.width > 0 && box.height > 0, `${selector} has a size`).toBe(true);
  }
}

/** The text of a file of docs/samples/start, as a page shows it. */
const startSample = (name: string) => readFileSync(join(site, '../../docs/samples/start', name), 'utf8').replace(/\n$/, '');

/** The elements each page must show, beyond the header every page has. */
const KEY_ELEMENTS: Record<string, string[]> = {
  'index.html': ['main h1', 'main table', 'main figure.code-file pre.shiki', 'main a[href="start-node.html"]', 'main a[href="why-not.html"]'],
  'start-node.html': ['nav.start-tabs a[aria-current="page"]', 'main figure.code-file pre.shiki'],
  'start-workers.html': ['nav.start-tabs a[aria-current="page"]', 'main figure.code-file pre.shiki'],
  'why-not.html': ['main h1', 'main table'],
  'architecture.html': ['main h1', 'main table', 'main pre'],
  'source.html': ['main h1', 'ul.file-list', 'section.source-file pre.shiki'],
};

describe('pages', () => {
  for (const [path, selectors] of Object.entries(KEY_ELEMENTS)) {
    test(`${path} loads without console errors or failed requests and shows its key elements`, async () => {
      const { page, problems } = await open(path);
      await expectVisible(page, ['header .brand', 'header nav a[href="api/index.html"]', 'header input#site-search', ...selectors]);
      expect((await page.locator('main').textContent())?.length).toBeGreaterThan(500);
      if (path === 'source.html') {
        // Every sample file is shown from the file itself, tests included.
        const shown = await page.locator('section.source-file pre code').allTextContents();
        expect(shown.map((text) => text.replace(/\n$/, ''))).toContain(sourceOf('semaphore').replace(/\n$/, ''));
        expect(await page.locator('section[id="file-samples.test.ts"]').count()).toBe(1);
      }
      if (path === 'index.html') expect(await page.locator('figure.code-file pre code').first().textContent()).toBe(startSample('first-dispatch.ts'));
      if (path === 'start-node.html') expect(await page.locator('figure.code-file pre code').first().textContent()).toBe(startSample('node.ts'));
      if (path === 'start-workers.html') expect(await page.locator('figure.code-file pre code').first().textContent()).toBe(startSample('worker.ts'));
      if (path === 'why-not.html') {
        // The measured tables come from BENCHMARKS.md as generated, not typed in.
        const benchmarks = readFileSync(join(site, '../../BENCHMARKS.md'), 'utf8');
        const date = /^- Date: (.+)$/m.exec(benchmarks)![1]!;
        expect(await page.locator('main').textContent()).toContain(date);
        // The prose between two copied tables stays prose (a directive keeps the blank line after it).
        expect(await page.locator('main p', { hasText: 'The predecessor (ToolWeaver' }).count()).toBe(1);
        const cells = await page.locator('main table').nth(3).locator('td').allTextContents();
        expect(cells.length).toBeGreaterThan(10);
        const figures = cells.filter((text) => /^[\d.,]+(x| ms| s)?$/.test(text.trim()));
        expect(figures.length).toBeGreaterThan(10);
        for (const figure of figures) expect(benchmarks).toContain(`| ${figure.trim()} |`);
      }
      rendered.set(path, await page.content());
      // The Sources page is tens of thousands of pixels tall: its first screen shows the layout.
      await page.screenshot({ path: join(SCREENSHOTS, path.replace('.html', '.png')), fullPage: path !== 'source.html' });
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  test('start-browser.html runs the sample it shows, and after a reload serves it from IndexedDB', async () => {
    const { page, problems } = await open('start-browser.html');
    await expectVisible(page, ['header input#site-search', 'nav.start-tabs a[aria-current="page"]', 'main figure.code-file pre.shiki', '#start-browser-runner .run-button']);
    expect(await page.locator('figure.code-file pre code').first().textContent()).toBe(startSample('browser.ts'));
    const runOnce = async () => {
      await page.locator('#start-browser-runner .run-button').click();
      await page.locator('#start-browser-runner[data-state="done"], #start-browser-runner[data-state="failed"]').waitFor({ timeout: 30_000 });
      return page.locator('#start-browser-runner .start-output').textContent();
    };
    const first = await runOnce();
    expect(first).toContain('I love it: positive\n');
    expect(first).toContain('stop: completed, spent $0.0012, 0 cached');
    await page.reload({ waitUntil: 'load' });
    const second = await runOnce();
    expect(second).toContain('I love it: positive (cached)');
    expect(second).toContain('stop: completed, spent $0.0000, 3 cached');
    rendered.set('start-browser.html', await page.content());
    await page.screenshot({ path: join(SCREENSHOTS, 'start-browser.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test('the search box finds a section of another page and its link opens it at that heading', async () => {
    const { page, problems } = await open('index.html');
    await page.locator('#site-search').fill('idempotency cached');
    const first = page.locator('#search-results li a').first();
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'search.png') });
    const href = (await first.getAttribute('href'))!;
    expect(href).toMatch(/^[\w-]+\.html#[\w-]+$/);
    await first.click();
    await page.waitForURL(`**/${href}`);
    const id = href.split('#')[1]!;
    expect(await page.locator(`[id="${id}"]`).count()).toBe(1);
    expect((await page.locator('main').textContent())?.toLowerCase()).toContain('idempotency');
    await page.locator('#site-search').fill('zzzz-no-such-words');
    await page.locator('#search-results .no-results').waitFor({ state: 'visible', timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const part of ['overview', 'when', 'how', 'why']) {
    test(`${part}.html loads cleanly and runs every sample on it live, with a timeline and a cost meter per dispatch`, async () => {
      const { page, problems } = await open(`${part}.html`);
      expect(await page.locator('header nav a[href="api/index.html"]').count()).toBe(1);
      const names = await page.locator('section.sample').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-sample')!));
      // The overview has runners only for samples the deep dive does not place yet.
      if (part !== 'overview') expect(names.length).toBeGreaterThan(0);
      mounted.push(...names);
      for (const name of names) {
        const outcome = await runSample(page, name);
        expect(outcome.error, name).toBeUndefined();
        expect(outcome.headline.length, name).toBeGreaterThan(5);
        expect(outcome.report.length, name).toBeGreaterThan(20);
        expect(outcome.dispatches.length, name).toBeGreaterThan(0);
        for (const run of outcome.dispatches) {
          expect(run.stopReason, name).not.toBe('');
          if (run.stopReason.startsWith('refused')) continue;
          // One bar per agent: the bars drawn from the events match the agents in the results.
          expect(run.bars.length, `${name}: ${run.caption}`).toBe(run.agents);
          expect(run.dataBars, name).toBe(run.bars.length);
          expect(new Set(run.bars.map((bar) => bar.index)).size, name).toBe(run.bars.length);
          expect(run.hasLegend && run.hasAxisTitle, name).toBe(true);
          expect(run.spentUsd, name).toBeGreaterThanOrEqual(0);
        }
        EXPECTED[name]?.(outcome, sourceOf(name));
      }
      if (names.length > 0) {
        // The source shown is the file itself.
        const shown = await page.locator('section.sample details.source pre code').first().textContent();
        expect(shown).toBe(sourceOf(names[0]!));
      }
      await expectVisible(page, ['header .brand', 'header input#site-search', 'main h2', ...(names.length > 0 ? ['section.sample .run-button'] : [])]);
      rendered.set(`${part}.html`, await page.content());
      await page.screenshot({ path: join(SCREENSHOTS, `${part}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  test('every runnable sample in docs/samples has a runner on some page', () => {
    const runnable = readdirSync(join(site, '../../docs/samples'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      // Runnable as the site defines it (src/sample-meta.ts): title, run, render and headline.
      .filter((file) => /export\s+(async\s+)?function\s+run\s*\(/.test(sourceOf(file.replace(/\.ts$/, ''))) && /export\s+function\s+headline\s*\(/.test(sourceOf(file.replace(/\.ts$/, ''))))
      .map((file) => file.replace(/\.ts$/, ''));
    // `mounted` was filled by the WHEN / HOW / WHY tests above, which ran every runner they found.
    expect([...mounted].sort()).toEqual(runnable.sort());
  });
});

describe('API reference', () => {
  test('the build writes the TypeDoc pages under /api/ and they load', async () => {
    const { code, output } = await apiBuild;
    expect(code, `scripts/build-api.mjs failed:\n${output}`).toBe(0);
    const { page, problems } = await open('api/index.html');
    expect(await page.title()).toMatch(/flotilla/i);
    const dispatchPage = readdirSync(join(outDir, 'api/functions')).find((file) => /(^|\.)dispatch\.html$/.test(file));
    expect(dispatchPage).toBeDefined();
    await page.goto(`${server.origin}/api/functions/${dispatchPage}`, { waitUntil: 'load' });
    expect(await page.locator('h1').textContent()).toContain('dispatch');
    // Styled like the site: its custom stylesheet is loaded and the toolbar has the site's header colour.
    await expectVisible(page, ['.tsd-page-toolbar', 'h1', '.tsd-navigation']);
    expect(await page.locator('.tsd-page-toolbar').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(16, 35, 63)');
    await page.screenshot({ path: join(SCREENSHOTS, 'api-dispatch.png') });
    // The links back to the site work from a page two folders deep, on a plain static host.
    for (const label of ['Docs home', 'Get started', 'WHEN', 'HOW', 'WHY']) {
      const link = page.locator('#tsd-toolbar-links a', { hasText: label });
      const href = await link.evaluate((element) => (element as HTMLAnchorElement).href);
      const response = await page.request.get(href);
      expect(response.status(), `${label}: ${href}`).toBe(200);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  test('every internal link and anchor of the built site resolves, in the HTML the pages show after their scripts ran', async () => {
    const { code, output } = await apiBuild;
    expect(code, output).toBe(0);
    const files = new Set(filesOf(outDir));
    const htmlOf = (path: string) => rendered.get(path) ?? (files.has(path) ? readFileSync(join(outDir, path), 'utf8') : undefined);
    const pages = new Map([...files].filter((file) => file.endsWith('.html')).map((file) => [file, htmlOf(file)!]));
    expect(pages.size).toBeGreaterThan(200);
    // The site's own pages were all opened by the page tests above.
    expect([...rendered.keys()].sort()).toEqual([...files].filter((file) => file.endsWith('.html') && !file.startsWith('api/')).sort());
    expect(brokenLinks(pages, files, htmlOf)).toEqual([]);
  });

  test('every main entry point has an example, and Limits and DispatchOptions show each default', async () => {
    const { code, output } = await apiBuild;
    expect(code, output).toBe(0);
    const api = join(outDir, 'api');
    const page = (folder: string, name: string) => {
      const file = readdirSync(join(api, folder)).find((entry) => entry.endsWith(`.${name}.html`));
      expect(file, `${folder}/${name}`).toBeDefined();
      return readFileSync(join(api, folder, file!), 'utf8');
    };
    const MAIN = {
      functions: ['dispatch', 'dispatchStream', 'memoryCache', 'memoryLedger', 'collectAll', 'majorityVote', 'rankByMetric', 'bestResult', 'bestOf', 'firstSuccess', 'tokenBucket', 'circuitBreaker', 'circuitBreakers', 'detectInjection', 'redact', 'openAICompatibleAgent', 'indexedDbCache', 'sqliteCache', 'redisLedger', 'redisCache', 'redisRateLimiter', 'redisCircuitBreaker', 'createDispatchQueue', 'createWorker', 'createDispatchApp'],
      interfaces: ['Cache', 'IndexedDbCache', 'Ledger', 'RateLimiter', 'CircuitBreaker', 'Aggregator', 'AgentContext', 'DispatchRun', 'DispatchOptions', 'Limits'],
      types: ['AgentResult'],
      classes: ['FlotillaError', 'RateLimitedError', 'AgentError'],
    };
    const missing = Object.entries(MAIN).flatMap(([folder, names]) => names.filter((name) => !/>Example</.test(page(folder, name))).map((name) => `${folder}/${name}`));
    expect(missing).toEqual([]);
    const defaultsShown = (name: string) => (page('interfaces', name).match(/>Default Value</g) ?? []).length;
    // One default per limit: as many as DEFAULT_LIMITS has keys.
    const { DEFAULT_LIMITS } = await import('@flotilla/core');
    expect(defaultsShown('Limits')).toBe(Object.keys(DEFAULT_LIMITS).length);
    expect(defaultsShown('DispatchOptions')).toBeGreaterThanOrEqual(11);
  });

  test('an undocumented export fails the API build', async () => {
    const { code, output } = await fixtureBuild;
    expect(code).not.toBe(0);
    expect(output).toMatch(/undocumented \(Variable\).*does not have any documentation/);
    expect(existsSync(join(results, 'fixture-api/index.html'))).toBe(false);
  });
});
