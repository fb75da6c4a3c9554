/**
 * Scenario 4, cache: a repeat dispatch of N items with 10 ms agents (the
 * second run is served from the memory cache), the CPU cost of a warm
 * memory-cache hit against a plain `Map` memo, and cache-key throughput.
 */
import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { core } from '../lib/core.js';
import { size } from '../lib/mode.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, median, ms, times } from '../lib/stats.js';
import { collectGarbage, interleave } from '../lib/timing.js';

const N = size(1_000, 100);
const K = 50;
const LATENCY_MS = size(10, 2);
const ROUNDS = size(5, 1);
const KEYS = size(20_000, 1_000);
const BATCH = 1_000;
/** Items per warm-hit run: under the default cache's 10,000 entries, so every one stays cached. */
const HITS = size(5_000, 200);
const HIT_ROUNDS = size(15, 2);

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

interface WarmHits {
  /** CPU and wall time per hit, in µs (medians over rounds). */
  cpuUsPerHit: Record<string, number>;
  wallUsPerHit: Record<string, number>;
  /** Agent calls during the timed runs (0 when every item was a hit). */
  agentCallsWhileTimed: Record<string, number>;
  /** The fewest items any timed Flotilla run served from its cache. */
  fewestCached: number;
}

/**
 * A warm memory-cache hit: `dispatch` with its default memory cache (no
 * `cache` option, so the agent object's own cache) over inputs it has run
 * before, against a plain `Map` memo keyed by `JSON.stringify(input)`
 * wrapping the same agent. The memo is driven by p-limit at the same k,
 * which is the fair peer: like `dispatch` it bounds concurrency and hands
 * back a promise per item and one for the whole batch (a plain loop would
 * skip the concurrency bound `dispatch` enforces).
 */
async function warmHits(): Promise<WarmHits> {
  const hitInputs = Array.from({ length: HITS }, (_, id) => ({ id, text: `receipt ${id}: 3 coffees, 1 bagel, total $${(id % 97) + 4}.50` }));
  const calls = { flotilla: 0, memo: 0 };
  const flotillaAgent = {
    name: 'classify-hits',
    version: '1',
    run: (input: { id: number }) => {
      calls.flotilla++;
      return sleep(LATENCY_MS, input.id);
    },
  };
  const memo = new Map<string, Promise<number>>();
  const memoized = (input: { id: number }): Promise<number> => {
    const key = JSON.stringify(input);
    let hit = memo.get(key);
    if (hit === undefined) {
      calls.memo++;
      hit = sleep(LATENCY_MS, input.id);
      memo.set(key, hit);
    }
    return hit;
  };
  const limits = { maxConcurrent: K };
  let fewestCached = Number.POSITIVE_INFINITY;
  const flotilla = async () => {
    const result = await core.dispatch({ agent: flotillaAgent, inputs: hitInputs, limits });
    fewestCached = Math.min(fewestCached, result.stats.cached);
  };
  const memoRun = () => {
    const limit = pLimit(K);
    return Promise.all(hitInputs.map((input) => limit(() => memoized(input))));
  };
  // The first runs execute every agent and fill the caches; only second runs are timed.
  await flotilla();
  await memoRun();
  fewestCached = Number.POSITIVE_INFINITY;
  calls.flotilla = 0;
  calls.memo = 0;
  const samples = await interleave(
    [
      { name: 'flotilla', run: flotilla },
      { name: 'memo', run: memoRun },
    ],
    HIT_ROUNDS,
  );
  const perHit = (values: number[]) => (median(values) * 1000) / HITS;
  return {
    cpuUsPerHit: Object.fromEntries([...samples].map(([name, values]) => [name, perHit(values.cpuMs)])),
    wallUsPerHit: Object.fromEntries([...samples].map(([name, values]) => [name, perHit(values.wallMs)])),
    agentCallsWhileTimed: { ...calls },
    fewestCached,
  };
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
  const hits = await warmHits();
  const hitRatio = hits.cpuUsPerHit.flotilla! / hits.cpuUsPerHit.memo!;
  progress(`warm hit: dispatch ${hits.cpuUsPerHit.flotilla!.toFixed(2)} µs CPU, Map memo ${hits.cpuUsPerHit.memo!.toFixed(2)} µs CPU (${times(hitRatio)})`);
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
    {
      label: 'warm hits: every timed item served from the cache / the memo',
      target: `${count(HITS)} cached, 0 agent calls`,
      measured: `${count(hits.fewestCached)} cached, ${hits.agentCallsWhileTimed.flotilla} + ${hits.agentCallsWhileTimed.memo} agent calls`,
      pass: hits.fewestCached === HITS && hits.agentCallsWhileTimed.flotilla === 0 && hits.agentCallsWhileTimed.memo === 0,
      timing: false,
    },
    { label: 'warm memory-cache hit vs Map memo (CPU time per hit)', target: '<= 1.00x', measured: times(hitRatio), pass: hitRatio <= 1, timing: true },
  ];
  const notes: string[] = [];
  if (hitRatio > 1) {
    notes.push(
      `A warm hit of \`dispatch\` costs ${times(hitRatio)} the CPU of a Map memo under p-limit. Per hit the memo stringifies the input and looks it up; \`dispatch\` also screens the input (guards), builds the canonical key of agent, version, model, template and input, checks the entry's TTL, and builds a result with its source and stats.`,
    );
  }
  return {
    id: 'cache',
    title: 'Cache',
    method: [
      `${count(N)} items (small records with text), agents sleep ${LATENCY_MS} ms, k = ${K}, a template, a fresh \`memoryCache()\` per round: the first dispatch runs every agent (cold), the same dispatch again is served from the cache (warm).`,
      `${ROUNDS} timed round(s) after one warm-up round; medians shown. Cold ideal = ceil(N/k) x L = ${ms(ideal)}.`,
      `Warm hits: ${count(HITS)} items at k = ${K}, \`dispatch\` with its default memory cache (no \`cache\` option) over inputs it has already run, against a \`Map\` memo keyed by \`JSON.stringify(input)\` around the same agent, driven by p-limit at the same k. The caches are filled first; then ${HIT_ROUNDS} interleaved timed rounds (after one warm-up) where every item is a hit; µs per hit = median CPU (and wall) time of a run / ${count(HITS)}.`,
      `\`cacheKey\` (canonical JSON + a synchronous SHA-256) over ${count(KEYS)} keys of the same records: awaited one at a time, and ${BATCH} at a time with Promise.all.`,
    ],
    tables: [
      {
        columns: ['cold run', 'warm run', 'speedup', 'warm per item'],
        rows: [[ms(cold), ms(warm), times(cold / warm), `${((warm * 1000) / N).toFixed(1)} µs`]],
      },
      {
        caption: `Warm memory-cache hit, ${count(HITS)} items, all hits:`,
        columns: ['contender', 'CPU µs / hit', 'wall µs / hit', 'CPU vs Map memo'],
        rows: [
          ['`dispatch`, default memory cache', hits.cpuUsPerHit.flotilla!.toFixed(2), hits.wallUsPerHit.flotilla!.toFixed(2), times(hitRatio)],
          ['`Map` memo under p-limit', hits.cpuUsPerHit.memo!.toFixed(2), hits.wallUsPerHit.memo!.toFixed(2), times(1)],
        ],
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
    notes,
    data: { n: N, k: K, latencyMs: LATENCY_MS, ...repeat, warmHits: { n: HITS, ...hits }, keysPerSecond: keys },
  };
}

await runScenario(measure);
