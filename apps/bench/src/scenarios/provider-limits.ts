/**
 * Scenario 7, provider limits: the same seeded workload of heavy-tailed
 * prompts pushed through one rate-limited provider key (a simulator on
 * 127.0.0.1, see lib/provider-simulator.ts) by each contender in turn, each
 * against a fresh provider, in two shapes.
 *
 * One process: what users write by hand (p-limit + backoff), the usual
 * libraries (p-queue interval, Bottleneck reservoir) and Flotilla with its
 * request-only bucket, its RPM+TPM limiter with header feedback, and the same
 * with adaptive concurrency.
 *
 * Four processes sharing the key (lib/provider-fleet.ts), each with a quarter
 * of the workload: p-limit + backoff in each, Flotilla's in-memory limiter in
 * each with the quota divided by hand or whole, and Flotilla with one window
 * shared through `@flotilla/redis` (`redisRateLimit`).
 */
import Bottleneck from 'bottleneck';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { core } from '../lib/core.js';
import { QUICK } from '../lib/mode.js';
import { mulberry32 } from '../lib/prng.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { FLEET_CONTENDERS, FLEET_FLOTILLA, isRateLimitVariant, PROCESSES } from '../lib/provider-fleet-contenders.js';
import { startFleet } from '../lib/provider-fleet.js';
import { cells, COLUMNS, pct, rowOf, type Row } from '../lib/provider-rows.js';
import { promptTokensOf, startProvider, type SimulatedProvider } from '../lib/provider-simulator.js';
import {
  ATTEMPTS,
  CONCURRENCY,
  MARGIN_MS,
  MAX_TOKENS,
  N,
  PROVIDER,
  SEED,
  callWithBackoff,
  flotilla,
  limits,
  workload,
  type ContenderResult,
} from '../lib/provider-workload.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, ms } from '../lib/stats.js';

type Contender = { name: string; run(baseURL: string, prompts: string[]): Promise<ContenderResult> };

const perWindow = PROVIDER.windowMs;
const FLOTILLA = 'Flotilla rateLimit (RPM + TPM + headers)';
const ADAPTIVE = 'Flotilla rateLimit + adaptiveConcurrency';
const CONTENDERS: Contender[] = [
  {
    name: `p-limit(${CONCURRENCY}) + backoff`,
    async run(baseURL, prompts) {
      const random = mulberry32(SEED + 1);
      const limit = pLimit(CONCURRENCY);
      const done = await Promise.all(prompts.map((prompt) => limit(() => callWithBackoff(baseURL, prompt, random))));
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: 'p-queue (intervalCap = RPM)',
    async run(baseURL, prompts) {
      const random = mulberry32(SEED + 2);
      const queue = new PQueue({ concurrency: CONCURRENCY, intervalCap: PROVIDER.requestsPerMinute, interval: perWindow });
      const done = await Promise.all(prompts.map((prompt) => queue.add(() => callWithBackoff(baseURL, prompt, random))));
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: 'Bottleneck (reservoir = RPM)',
    async run(baseURL, prompts) {
      const random = mulberry32(SEED + 3);
      const limiter = new Bottleneck({
        maxConcurrent: CONCURRENCY,
        reservoir: PROVIDER.requestsPerMinute,
        reservoirRefreshAmount: PROVIDER.requestsPerMinute,
        reservoirRefreshInterval: perWindow,
      });
      const done = await Promise.all(prompts.map((prompt) => limiter.schedule(() => callWithBackoff(baseURL, prompt, random))));
      await limiter.stop({ dropWaitingJobs: false });
      return { ok: done.filter(Boolean).length };
    },
  },
  {
    name: 'Flotilla tokenBucket (requests only)',
    run: (baseURL, prompts) =>
      flotilla(baseURL, prompts, core.tokenBucket({ requestsPerSecond: (PROVIDER.requestsPerMinute * 1000) / perWindow, burst: CONCURRENCY })),
  },
  {
    name: FLOTILLA,
    run: (baseURL, prompts) => flotilla(baseURL, prompts, core.rateLimit({ ...limits(), windowMs: perWindow, marginMs: MARGIN_MS })),
  },
  {
    name: ADAPTIVE,
    run: (baseURL, prompts) => flotilla(baseURL, prompts, core.rateLimit({ ...limits(), windowMs: perWindow, marginMs: MARGIN_MS }), { adaptive: true }),
  },
];

/** Run `contender` against a fresh provider and read its figures off the provider's counters. */
async function against(name: string, promptTokens: readonly number[], contender: (baseURL: string) => Promise<{ wallMs: number; result: ContenderResult }>): Promise<Row> {
  const provider: SimulatedProvider = await startProvider(PROVIDER);
  try {
    const { wallMs, result } = await contender(provider.baseURL);
    const c = provider.counters;
    progress(`${name}: ${ms(wallMs)}, ${c.rejected429} 429s of ${c.requests} requests, ${result.ok}/${N} ok`);
    return rowOf(name, provider, promptTokens, wallMs, result);
  } finally {
    await provider.close();
  }
}

/** The send-to-count lag over the rows that measured one: the largest p99 and the largest lag. */
function lagText(rows: Row[]): string {
  const lags = rows.flatMap((row) => (row.lag ? [row.lag] : []));
  if (!lags.length) return 'no figure';
  return `p99 up to ${ms(Math.max(...lags.map((lag) => lag.p99)))}, at most ${ms(Math.max(...lags.map((lag) => lag.max)))}`;
}

/** The targets of the issue for `best` among `rows`: every prompt answered, >= 0.95 of the ideal, < 1% 429s, ahead of every other contender. */
function targets(shape: string, best: Row, others: Row[]): Check[] {
  return [
    { label: `${shape}: every prompt answered`, target: `${N} ok`, measured: `${best.ok} ok`, pass: best.ok === N, timing: false },
    { label: `${shape}: throughput vs the ideal`, target: '>= 0.95', measured: best.fraction.toFixed(3), pass: best.fraction >= 0.95, timing: true },
    { label: `${shape}: requests answered 429`, target: '< 1%', measured: pct(best.share), pass: best.share < 0.01, timing: true },
    {
      label: `${shape} ahead of every other contender on throughput and 429 share`,
      target: 'ahead on both',
      measured: `${best.fraction.toFixed(3)} vs best other ${Math.max(...others.map((row) => row.fraction)).toFixed(3)}; ${pct(best.share)} vs ${pct(Math.min(...others.map((row) => row.share)))}`,
      // Nothing has fewer than no 429s: at zero, a tie on the share counts as ahead.
      pass: others.every((row) => best.fraction > row.fraction && (best.share < row.share || best.share === 0)),
      timing: true,
    },
  ];
}

async function measure(): Promise<ScenarioReport> {
  const prompts = workload();
  const promptTokens = prompts.map((prompt) => promptTokensOf([{ content: prompt }]));
  const rows: Row[] = [];
  for (const contender of CONTENDERS) {
    rows.push(
      await against(contender.name, promptTokens, async (baseURL) => {
        const started = performance.now();
        const result = await contender.run(baseURL, prompts);
        return { wallMs: performance.now() - started, result };
      }),
    );
  }
  const fleetRows: Row[] = [];
  const fleet = await startFleet();
  try {
    for (const contender of FLEET_CONTENDERS) fleetRows.push(await against(contender.name, promptTokens, (baseURL) => fleet.run(contender.name, baseURL)));
  } finally {
    await fleet.close();
  }

  const best = rows.find((row) => row.name === FLOTILLA)!;
  const adaptive = rows.find((row) => row.name === ADAPTIVE)!;
  const shared = fleetRows.find((row) => row.name === FLEET_FLOTILLA)!;
  const checks: Check[] = [
    ...targets('Flotilla RPM+TPM', best, rows.filter((row) => !isRateLimitVariant(row.name))),
    { label: 'Flotilla RPM+TPM + adaptive: every prompt answered', target: `${N} ok`, measured: `${adaptive.ok} ok`, pass: adaptive.ok === N, timing: false },
    ...targets(`${PROCESSES} processes, Flotilla redisRateLimit`, shared, fleetRows.filter((row) => row !== shared && !isRateLimitVariant(row.name))),
  ];
  // Contenders that outran Flotilla's limiter of their shape, and what it cost them in 429s.
  const faster = [
    ...rows.filter((row) => !isRateLimitVariant(row.name) && row.fraction >= best.fraction).map((row) => ({ row, flotilla: best })),
    ...fleetRows.filter((row) => row !== shared && row.fraction >= shared.fraction).map((row) => ({ row, flotilla: shared })),
  ];
  return {
    id: 'provider-limits',
    title: 'Provider limits: RPM + TPM against a rate-limited provider',
    method: [
      `${count(N)} prompts, seeded (mulberry32, seed ${SEED}): Pareto sizes (alpha 1.1) from 100 to 8,000 tokens, \`max_tokens\` ${MAX_TOKENS}; the provider bills 30-100% of it as completion.`,
      `The provider is a real HTTP server on 127.0.0.1 (apps/bench/src/lib/provider-simulator.ts) speaking chat completions: ${PROVIDER.requestsPerMinute} requests and ${count(PROVIDER.tokensPerMinute)} tokens per ${ms(perWindow)} "minute" over a sliding window counted at arrival, 429 with \`retry-after-ms\` when a request would exceed either, a refused request counted against the request quota as OpenAI documents ("unsuccessful requests contribute to your per-minute limit"), \`x-ratelimit-*\` on every answer, log-normal latency (median ${PROVIDER.latencyMedianMs} ms, sigma ${PROVIDER.latencySigma}), ${pct(PROVIDER.errorRate)} of admitted requests failed with 500/503.`,
      `One process: contenders run one after another, each against a fresh provider, at concurrency ${CONCURRENCY}, up to ${ATTEMPTS} attempts per prompt (full-jitter exponential backoff honouring retry-after for the hand-written ones; Flotilla's \`retry\` for its own).`,
      `${PROCESSES} processes: ${PROCESSES} Node worker processes (apps/bench/src/lib/provider-fleet-worker.ts, started once) share one provider key, each with every ${PROCESSES}th prompt and concurrency ${CONCURRENCY / PROCESSES}; each contender runs on all of them at once against a fresh provider, timed from the start message to the last process done. \`redisRateLimit\` keeps one window on the Redis at 127.0.0.1:6379 under a key unique to the run (deleted after).`,
      `Flotilla's limiters use \`marginMs: ${MARGIN_MS}\`: the delay between a grant and the provider's count does not shrink with the compressed minute (the default, 1% of the window, is 600 ms for a real minute). Measured from Flotilla's send (a timestamp header its \`fetch\` adds) to the provider's count: ${lagText(rows)} in one process, ${lagText(fleetRows)} in ${PROCESSES} processes.`,
      `"Ahead on both": a higher share of the ideal than every other contender of its shape, and a lower 429 share (at 0%, a tie counts: nothing has fewer than none). The contenders are the other libraries and Flotilla's request-only bucket; Flotilla's own \`rateLimit\` variants (adaptive concurrency; in ${PROCESSES} processes a quarter or the whole quota each, without a shared window) are shown beside it and not judged.`,
      'Ideal: max(N / RPM, billed tokens / TPM) windows plus one median latency (the last wave). Item latency: from a prompt\'s first arrival at the provider to its successful answer. Spend: billed tokens at $0.15 / $0.60 per million.',
    ],
    tables: [
      { caption: 'One process:', columns: COLUMNS, rows: rows.map(cells) },
      { caption: `${PROCESSES} processes sharing the key:`, columns: COLUMNS, rows: fleetRows.map(cells) },
    ],
    checks,
    notes: [
      'Request-only limiters (p-queue, Bottleneck, tokenBucket) keep to the RPM, but TPM binds on this workload: they learn of the token quota only from 429s and their retry-after.',
      `A quota divided by hand among ${PROCESSES} processes never overshoots, but a process whose share of the heavy-tailed prompts is large waits on its quarter while the others' quarters go unused; a whole quota in each process overshoots ${PROCESSES}-fold and learns of the others only from the headers and 429s.`,
      ...faster.map(
        ({ row, flotilla }) =>
          `${row.name} outran ${flotilla.name} (${row.fraction.toFixed(3)} vs ${flotilla.fraction.toFixed(3)} of the ideal) by letting the provider's 429s pace it: ${pct(row.share)} of its requests were answered 429. The simulator tells each refused request exactly when it would fit (\`retry-after-ms\`) and charges a refusal only one request, no tokens, while TPM binds; Flotilla's limiters instead hold each grant \`marginMs\` (${MARGIN_MS} ms, ${pct(MARGIN_MS / perWindow)} of this window) past the window, so that none is refused.`,
      ),
      'A share of the ideal above 1 is possible: a sliding window admits a whole quota at once, so the true minimum is about one window below the ideal as the issue defines it (binding quota plus the last wave).',
      'One run per contender on a shared machine: differences of a few percent in wall time are noise; the 429 counts are not.',
      ...(QUICK ? ['Quick mode: tiny sizes and a 500 ms window; the timing checks are not judged.'] : []),
    ],
    data: { n: N, provider: PROVIDER, rows, fleetRows },
  };
}

await runScenario(measure);
