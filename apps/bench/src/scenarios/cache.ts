/**
 * Scenario 4, cache: a repeat dispatch of N items with 10 ms agents (the
 * second run is served from the memory cache), and cache-key throughput.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { core } from '../lib/core.js';
import { size } from '../lib/mode.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, median, ms, times } from '../lib/stats.js';
import { collectGarbage } from '../lib/timing.js';

const N = size(1_000, 100);
const K = 50;
const LATENCY_MS = size(10, 2);
const ROUNDS = size(5, 1);
const KEYS = size(20_000, 1_000);
const BATCH = 1_000;

/** Inputs shaped like real work: a small record with some text. */
const inputs = Array.from({ length: N }, (_, id) => ({ id, text: `receipt ${id}: 3 coffees, 1 bagel, total $${(id % 97) + 4}.50` }));

async function repeatDispatch(): Promise<{ coldMs: number[]; warmMs: number[]; warmAgentCalls: number[]; warmCached: number[] }> {
  const out = { coldMs: [] as number[], warmMs: [] as number[], warmAgentCalls: [] as number[], warmCached: [] as number[] };
  const agent = { name: 'classify', version: '1', model: 'sim-10ms', run: (input: { id: number }) => sleep(LATENCY_MS, input.id) };
  for (let round = 0; round < ROUNDS + 1; round++) {
    const cache = core.memoryCache();
    const options = { agent, inputs, cache, template: 'Classify: {text}', limits: { maxConcurrent: K } };
    collectGarbage();
    let started = performance.now();
    await core.dispatch(options);
    const cold = performance.now() - started;
    collectGarbage();
    started = performance.now();
    const warm = await core.dispatch(options);
    const warmMs = performance.now() - started;
    if (round === 0) continue; // warm-up
    out.coldMs.push(cold);
    out.warmMs.push(warmMs);
    out.warmAgentCalls.push(warm.stats.agentCalls);
    out.warmCached.push(warm.stats.cached);
  }
  return out;
}

/** cacheKey throughput in keys per second: awaited one by one, and in concurrent batches. */
async function keyThroughput(): Promise<{ sequential: number[]; batched: number[] }> {
  const parts = (id: number) => ({ agent: 'classify', version: '1', model: 'sim-10ms', template: 'Classify: {text}', input: inputs[id % N] });
  const out = { sequential: [] as number[], batched: [] as number[] };
  for (let round = 0; round < ROUNDS + 1; round++) {
    collectGarbage();
    let started = performance.now();
    for (let id = 0; id < KEYS; id++) await core.cacheKey(parts(id));
    const sequential = KEYS / ((performance.now() - started) / 1000);
    collectGarbage();
    started = performance.now();
    for (let from = 0; from < KEYS; from += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, KEYS - from) }, (_, offset) => core.cacheKey(parts(from + offset))));
    }
    const batched = KEYS / ((performance.now() - started) / 1000);
    if (round === 0) continue;
    out.sequential.push(sequential);
    out.batched.push(batched);
  }
  return out;
}

async function measure(): Promise<ScenarioReport> {
  const repeat = await repeatDispatch();
  const cold = median(repeat.coldMs);
  const warm = median(repeat.warmMs);
  const ideal = Math.ceil(N / K) * LATENCY_MS;
  progress(`repeat dispatch: cold ${ms(cold)}, warm ${ms(warm)} (${times(cold / warm)})`);
  const keys = await keyThroughput();
  const sequential = median(keys.sequential);
  const batched = median(keys.batched);
  progress(`cacheKey: ${count(sequential)} keys/s awaited one by one, ${count(batched)} keys/s in batches of ${BATCH}`);

  const allCached = repeat.warmCached.every((cached) => cached === N) && repeat.warmAgentCalls.every((calls) => calls === 0);
  const checks: Check[] = [
    {
      label: 'second run served from the cache',
      target: `${count(N)} cached, 0 agent calls`,
      measured: `${count(Math.min(...repeat.warmCached))} cached, ${Math.max(...repeat.warmAgentCalls)} agent calls`,
      pass: allCached,
      timing: false,
    },
    { label: 'second-run speedup', target: `>= 10x`, measured: times(cold / warm), pass: cold / warm >= 10, timing: true },
  ];
  return {
    id: 'cache',
    title: 'Cache',
    method: [
      `${count(N)} items (small records with text), agents sleep ${LATENCY_MS} ms, k = ${K}, a template, a fresh \`memoryCache()\` per round: the first dispatch runs every agent (cold), the same dispatch again is served from the cache (warm).`,
      `${ROUNDS} timed round(s) after one warm-up round; medians shown. Cold ideal = ceil(N/k) x L = ${ms(ideal)}.`,
      `\`cacheKey\` (canonical JSON + a synchronous SHA-256) over ${count(KEYS)} keys of the same records: awaited one at a time, and ${BATCH} at a time with Promise.all.`,
    ],
    tables: [
      {
        columns: ['cold run', 'warm run', 'speedup', 'warm per item'],
        rows: [[ms(cold), ms(warm), times(cold / warm), `${((warm * 1000) / N).toFixed(1)} µs`]],
      },
      {
        columns: ['cacheKey', 'keys / s', 'µs / key'],
        rows: [
          ['awaited one by one', count(sequential), (1e6 / sequential).toFixed(1)],
          [`batches of ${BATCH}`, count(batched), (1e6 / batched).toFixed(1)],
        ],
      },
    ],
    checks,
    notes: [],
    data: { n: N, k: K, latencyMs: LATENCY_MS, ...repeat, keysPerSecond: keys },
  };
}

await runScenario(measure);
