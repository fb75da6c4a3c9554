/**
 * Scenario `libraries`: core's hand-written pieces against the libraries it
 * could have depended on instead (core keeps zero runtime dependencies, so
 * each must earn its place): `LruMap` (the memory cache's store) against
 * lru-cache 11, and `sha256Hex` (long cache keys) against @noble/hashes.
 *
 * Neither piece is exported by @flotilla/core (not even from
 * '@flotilla/core/internal'), so they are imported from packages/core/src
 * through the bench's tsx loader, compiled by the same esbuild that builds
 * the package.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { LRUCache } from 'lru-cache';
import { LruMap } from '../../../../packages/core/src/cache/lru-map.js';
import { sha256Hex } from '../../../../packages/core/src/cache/sha256.js';
import { size } from '../lib/mode.js';
import { mulberry32 } from '../lib/prng.js';
import type { Check, ScenarioReport, Table } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, median, times } from '../lib/stats.js';
import { interleave, type Contender } from '../lib/timing.js';

const ROUNDS = size(9, 1);

/** The memory cache's default `maxEntries`. */
const CAPACITY = 10_000;
/** Distinct keys in use: 1.5x the capacity, so the cache keeps evicting. */
const WORKING_SET = 15_000;
const LRU_OPS = size(2_000_000, 60_000);
/** Share of operations that write a key whether or not it is held (the rest read, and write on a miss). */
const WRITE_SHARE = 0.1;

const HASH_SIZES = [
  { label: '64 B', bytes: 64, calls: size(200_000, 2_000) },
  { label: '1 kB', bytes: 1024, calls: size(40_000, 400) },
  { label: '16 kB', bytes: 16 * 1024, calls: size(3_000, 30) },
];
/** Distinct strings hashed per size, cycled through. */
const HASH_VARIANTS = 64;

interface Lru {
  get(key: string): object | undefined;
  set(key: string, value: object): void;
}

/** How a run went: equal for both stores, or one of them is not an LRU of the same capacity. */
interface LruOutcome {
  hits: number;
  misses: number;
  held: number;
}

/**
 * The operation mix, the same for both stores: keys cache-key sized (64
 * characters), drawn with a skew (two thirds of the reads from the hottest
 * fifth of the working set) so recency matters; a read that misses writes
 * the key, as the memory cache does after running an agent.
 */
function lruWorkload(): { keys: string[]; picks: Uint32Array; writes: Uint8Array; distinct: number } {
  const keys = Array.from({ length: WORKING_SET }, (_, id) => `${id.toString(16).padStart(8, '0')}`.repeat(8));
  const random = mulberry32(15);
  const picks = new Uint32Array(LRU_OPS);
  const writes = new Uint8Array(LRU_OPS);
  const hot = WORKING_SET / 5;
  for (let op = 0; op < LRU_OPS; op++) {
    picks[op] = random() < 2 / 3 ? Math.floor(random() * hot) : Math.floor(random() * WORKING_SET);
    writes[op] = random() < WRITE_SHARE ? 1 : 0;
  }
  return { keys, picks, writes, distinct: new Set(picks).size };
}

function runLru(store: Lru, size: () => number, workload: ReturnType<typeof lruWorkload>): LruOutcome {
  const { keys, picks, writes } = workload;
  const value = { entry: 'result', expiresAt: 0 };
  let hits = 0;
  let misses = 0;
  for (let op = 0; op < picks.length; op++) {
    const key = keys[picks[op]!]!;
    if (writes[op] === 1) {
      store.set(key, value);
    } else if (store.get(key) !== undefined) {
      hits++;
    } else {
      misses++;
      store.set(key, value);
    }
  }
  return { hits, misses, held: size() };
}

async function compareLru(): Promise<{ cpuNsPerOp: Record<string, number>; outcomes: Record<string, LruOutcome>; distinct: number }> {
  const workload = lruWorkload();
  const outcomes: Record<string, LruOutcome> = {};
  const contenders: Contender[] = [
    {
      name: 'core LruMap',
      run: async () => {
        const store = new LruMap<string, object>(CAPACITY);
        outcomes['core LruMap'] = runLru(store, () => store.size, workload);
      },
    },
    {
      name: 'lru-cache 11',
      run: async () => {
        const store = new LRUCache<string, object>({ max: CAPACITY });
        outcomes['lru-cache 11'] = runLru(store, () => store.size, workload);
      },
    },
  ];
  const samples = await interleave(contenders, ROUNDS);
  const cpuNsPerOp = Object.fromEntries([...samples].map(([name, values]) => [name, (median(values.cpuMs) * 1e6) / LRU_OPS]));
  return { cpuNsPerOp, outcomes, distinct: workload.distinct };
}

interface HashRow {
  label: string;
  cpuNsPerOp: Record<string, number>;
  /** Whether both gave the same digests for every string of this size. */
  agree: boolean;
}

const nobleHex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));

async function compareHashes(): Promise<HashRow[]> {
  const rows: HashRow[] = [];
  for (const { label, bytes, calls } of HASH_SIZES) {
    // ASCII text shaped like canonical JSON, so characters are bytes.
    const texts = Array.from({ length: HASH_VARIANTS }, (_, variant) => {
      const seed = `{"agent":"classify","input":{"id":${variant},"text":"receipt ${variant}: 3 coffees, 1 bagel"},"model":"sim"}`;
      return seed.repeat(Math.ceil(bytes / seed.length)).slice(0, bytes);
    });
    const agree = texts.every((text) => sha256Hex(text) === nobleHex(text));
    let sink = 0;
    const hashAll = (hash: (text: string) => string) => async () => {
      for (let call = 0; call < calls; call++) sink += hash(texts[call % HASH_VARIANTS]!).length;
    };
    const samples = await interleave(
      [
        { name: 'core sha256Hex', run: hashAll(sha256Hex) },
        { name: '@noble/hashes', run: hashAll(nobleHex) },
      ],
      ROUNDS,
    );
    if (sink === 0) throw new Error('no digest computed');
    rows.push({ label, cpuNsPerOp: Object.fromEntries([...samples].map(([name, values]) => [name, (median(values.cpuMs) * 1e6) / calls])), agree });
  }
  return rows;
}

async function measure(): Promise<ScenarioReport> {
  const lru = await compareLru();
  const lruRatio = lru.cpuNsPerOp['core LruMap']! / lru.cpuNsPerOp['lru-cache 11']!;
  progress(`LRU: core ${lru.cpuNsPerOp['core LruMap']!.toFixed(0)} ns/op, lru-cache ${lru.cpuNsPerOp['lru-cache 11']!.toFixed(0)} ns/op (${times(lruRatio)})`);
  const hashes = await compareHashes();
  const hashRatio = (row: HashRow) => row.cpuNsPerOp['core sha256Hex']! / row.cpuNsPerOp['@noble/hashes']!;
  for (const row of hashes) progress(`sha256 ${row.label}: core ${row.cpuNsPerOp['core sha256Hex']!.toFixed(0)} ns, noble ${row.cpuNsPerOp['@noble/hashes']!.toFixed(0)} ns (${times(hashRatio(row))})`);

  const core = lru.outcomes['core LruMap']!;
  const library = lru.outcomes['lru-cache 11']!;
  // Every key is written when first read, so a full store holds min(capacity, keys touched).
  const full = Math.min(CAPACITY, lru.distinct);
  const sameLru = core.hits === library.hits && core.misses === library.misses && core.held === full && library.held === full;
  const checks: Check[] = [
    {
      label: 'LRU: both stores hit and miss alike and hold the capacity',
      target: `equal hits and misses, ${count(full)} held`,
      measured: `core ${count(core.hits)}/${count(core.misses)}/${count(core.held)}, lru-cache ${count(library.hits)}/${count(library.misses)}/${count(library.held)} (hits/misses/held)`,
      pass: sameLru,
      timing: false,
    },
    { label: 'core LruMap vs lru-cache 11 (CPU ns/op)', target: '<= 1.00x', measured: times(lruRatio), pass: lruRatio <= 1, timing: true },
    {
      label: 'sha256: core and @noble/hashes give the same digests',
      target: `equal for ${HASH_SIZES.length} x ${HASH_VARIANTS} strings`,
      measured: hashes.every((row) => row.agree)
        ? `${HASH_SIZES.length * HASH_VARIANTS} of ${HASH_SIZES.length * HASH_VARIANTS} equal`
        : `differ at ${hashes.filter((row) => !row.agree).map((row) => row.label).join(', ')}`,
      pass: hashes.every((row) => row.agree),
      timing: false,
    },
    ...hashes.map((row) => ({
      label: `core sha256Hex vs @noble/hashes, ${row.label} (CPU ns/op)`,
      target: '<= 1.00x',
      measured: times(hashRatio(row)),
      pass: hashRatio(row) <= 1,
      timing: true,
    })),
  ];

  // Against the library's CPU time per operation: "25% less" = core takes 0.75x its time.
  const faster = (ratio: number) => (ratio <= 1 ? `${((1 - ratio) * 100).toFixed(0)}% less CPU` : `${((ratio - 1) * 100).toFixed(0)}% more CPU`);
  const tables: Table[] = [
    {
      caption: `LRU store, capacity ${count(CAPACITY)}, ${count(WORKING_SET)} keys in use, ${count(LRU_OPS)} operations per run:`,
      columns: ['store', 'CPU ns / op', 'vs lru-cache 11'],
      rows: [
        ['core `LruMap`', lru.cpuNsPerOp['core LruMap']!.toFixed(1), `${times(lruRatio)} (${faster(lruRatio)})`],
        ['lru-cache 11', lru.cpuNsPerOp['lru-cache 11']!.toFixed(1), times(1)],
      ],
    },
    {
      caption: 'SHA-256 of a string to lowercase hex (UTF-8 encoding included for both):',
      columns: ['input', 'core `sha256Hex` CPU ns / op', '@noble/hashes CPU ns / op', 'core vs @noble/hashes'],
      rows: hashes.map((row) => [
        row.label,
        count(row.cpuNsPerOp['core sha256Hex']!),
        count(row.cpuNsPerOp['@noble/hashes']!),
        `${times(hashRatio(row))} (${faster(hashRatio(row))})`,
      ]),
    },
  ];
  const notes: string[] = [];
  if (lruRatio > 1) notes.push(`lru-cache 11 needs ${faster(1 / lruRatio)} per operation than core's LruMap on this mix.`);
  for (const row of hashes) if (hashRatio(row) > 1) notes.push(`@noble/hashes needs ${faster(1 / hashRatio(row))} per hash than core's sha256Hex at ${row.label}.`);

  return {
    id: 'libraries',
    title: 'Hand-written pieces vs libraries',
    method: [
      `LRU: core's \`LruMap\` (the store of \`memoryCache()\`) and \`new LRUCache({ max })\` from lru-cache 11, both at the default capacity of ${count(CAPACITY)}, run the same ${count(LRU_OPS)} operations over ${count(WORKING_SET)} 64-character keys (a seeded draw; two thirds of the picks from the hottest fifth): ${WRITE_SHARE * 100}% writes, the rest reads that write on a miss, so the store evicts throughout. A new store per run.`,
      `SHA-256: core's \`sha256Hex(text)\` and @noble/hashes' \`bytesToHex(sha256(utf8ToBytes(text)))\` on ${HASH_VARIANTS} distinct ASCII strings per size (64 B, 1 kB, 16 kB), cycled through.`,
      `Both pieces are imported from packages/core/src (@flotilla/core exports neither). Contenders interleaved, ${ROUNDS} timed round(s) after one warm-up, a GC before every run; ns/op = median CPU time of this process (user + system) / operations.`,
    ],
    tables,
    checks,
    notes,
    data: {
      lru: { capacity: CAPACITY, workingSet: WORKING_SET, ops: LRU_OPS, writeShare: WRITE_SHARE, ...lru },
      sha256: hashes,
    },
  };
}

await runScenario(measure);
