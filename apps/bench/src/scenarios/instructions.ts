/**
 * Scenario: instructions per no-op task at k = 64 under valgrind's callgrind,
 * Flotilla (four configurations) vs p-limit 7. Instruction counts do not
 * depend on the machine's load, so the cost targets are judged here in full
 * mode, not only as CPU-time ratios.
 *
 * Each contender runs in its own process (src/probes/no-op-tasks.mjs) at two
 * sizes; Ir per task = (Ir(N_LARGE) - Ir(N_SMALL)) / (N_LARGE - N_SMALL), so
 * node's startup, module loading and the warm-up runs cancel out.
 *
 * With FLOTILLA_BENCH_BASELINE (or `--baseline <entry>` to main.ts) naming
 * another build of @flotilla/core (its dist/index.js), every Flotilla
 * contender is measured against it too: before | after | ratio.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { baselineEntry as baselineEntryOf, describeBaseline } from '../lib/baseline.js';
import { callgrindNode, valgrindVersion } from '../lib/callgrind.js';
import { QUICK, size } from '../lib/mode.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, times } from '../lib/stats.js';

const N_LARGE = size(40_000, 400);
const N_SMALL = size(20_000, 200);
const WARMUP = size(20_000, 200);
const K = 64;
const PROBE = fileURLToPath(new URL('../probes/no-op-tasks.mjs', import.meta.url));

/** The probe's contenders, in the order of the table, with the per-task target vs p-limit where the issue sets one. */
const ALL_CONTENDERS: { probe: string; name: string; target?: number; configuration: string }[] = [
  { probe: 'p-limit', name: 'p-limit 7', configuration: '`pLimit(64)`, one `limit(() => x)` per input, `Promise.all`' },
  {
    probe: 'defaults',
    name: 'Flotilla, defaults',
    target: 1.5,
    configuration: 'default options: a new default memory cache (every item a miss), injection guard, output redaction',
  },
  { probe: 'cache-false', name: 'Flotilla, cache: false', target: 1.0, configuration: '`cache: false`, guards on' },
  { probe: 'lean', name: 'Flotilla, lean', configuration: "`cache: false, guards: { injection: 'off', redactOutputs: false }`" },
  {
    probe: 'budget-stats',
    name: 'Flotilla, budget + stats',
    target: 1.2,
    configuration: 'lean + `maxTotalCostUsd: 1e9, costPerAgentUsd: 0.001`; each agent calls `ctx.reportCost(0.0005)`',
  },
];
/**
 * Every callgrind run pays ~10 s of CPU for node's startup and ~10 s more to
 * load core, whatever N is, so quick mode (which only proves the pipeline
 * works) runs p-limit and one Flotilla configuration.
 */
const CONTENDERS = QUICK ? ALL_CONTENDERS.filter(({ probe }) => probe === 'p-limit' || probe === 'budget-stats') : ALL_CONTENDERS;

/** What one contender measured against one core build. */
interface Measured {
  irSmall: number;
  irLarge: number;
  perTask: number;
}

/** Ir per task of one probe contender, by the two-size difference. */
async function measureContender(probe: string, core: string | undefined): Promise<Measured> {
  const env = { ...process.env, FLOTILLA_BENCH_CORE: core ?? '' };
  const ir = (n: number) => callgrindNode([PROBE, probe, String(n), String(WARMUP), String(K)], env);
  // The two sizes at once, one process per core: counts do not depend on load.
  const [irSmall, irLarge] = await Promise.all([ir(N_SMALL), ir(N_LARGE)]);
  return { irSmall, irLarge, perTask: (irLarge - irSmall) / (N_LARGE - N_SMALL) };
}

async function measure(): Promise<ScenarioReport> {
  const method = [
    `Each contender runs in its own process under \`valgrind --tool=callgrind\` (\`src/probes/no-op-tasks.mjs\`, plain JavaScript): two warm-up runs of ${count(WARMUP)} no-op tasks, then one run of N, all at k = ${K}. Run at N = ${count(N_LARGE)} and N = ${count(N_SMALL)}; Ir per task = (Ir(${count(N_LARGE)}) - Ir(${count(N_SMALL)})) / ${count(N_LARGE - N_SMALL)}, so startup, module loading and warm-up cancel out.`,
    "Ir = instructions executed by node's main thread; node runs with V8's `--predictable` (which implies `--single-threaded`), so garbage collection and JIT compilation are counted on that thread instead of being split, differently every run, with V8's helper threads, and hash seeds are fixed. Counts do not depend on the machine's load: the targets are judged in full mode.",
    'The same run repeats to within ~0.1% of its total. Ir per task includes the garbage collections that fall between the two sizes, so it depends on the heap a run starts from: every contender loads the same modules (core too, for p-limit).',
  ];
  const version = valgrindVersion();
  if (!version) {
    progress('valgrind not found: no instruction counts');
    return {
      id: 'instructions',
      title: 'Instructions per task (callgrind)',
      method,
      tables: [],
      checks: [],
      notes: ['valgrind is not installed on this machine (`valgrind --version` failed), so no instruction counts were taken and nothing is judged. Install valgrind (e.g. `apt-get install valgrind`) to run this scenario.'],
      data: { valgrind: false },
    };
  }

  const baselineEntry = baselineEntryOf();
  const baselineUrl = baselineEntry ? pathToFileURL(baselineEntry).href : undefined;

  progress(`${version}; N = ${N_LARGE} and ${N_SMALL}, W = ${WARMUP}, k = ${K}${baselineEntry ? `; baseline ${baselineEntry}` : ''}`);
  const after = new Map<string, Measured>();
  const before = new Map<string, Measured>();
  for (const contender of CONTENDERS) {
    after.set(contender.name, await measureContender(contender.probe, undefined));
    progress(`${contender.name}: ${count(after.get(contender.name)!.perTask)} Ir/task`);
    if (baselineUrl && contender.probe !== 'p-limit') {
      before.set(contender.name, await measureContender(contender.probe, baselineUrl));
      progress(`${contender.name} (baseline): ${count(before.get(contender.name)!.perTask)} Ir/task`);
    }
  }

  const pLimit = after.get('p-limit 7')!.perTask;
  const ratio = (name: string) => after.get(name)!.perTask / pLimit;
  const rows = CONTENDERS.map(({ name, configuration }) => {
    const now = after.get(name)!.perTask;
    if (!baselineUrl) return [name, count(now), times(ratio(name)), configuration];
    const then = before.get(name)?.perTask;
    return [name, then === undefined ? '—' : count(then), count(now), then === undefined ? '—' : times(now / then), times(ratio(name))];
  });
  const columns = baselineUrl
    ? ['contender', 'Ir / task before (baseline)', 'Ir / task after', 'after / before', 'after vs p-limit']
    : ['contender', 'Ir / task', 'vs p-limit', 'configuration'];

  const checks: Check[] = [
    {
      label: 'instructions grow with N for every contender (Ir(large N) > Ir(small N))',
      target: 'all',
      measured: `${[...after.values(), ...before.values()].filter((entry) => entry.irLarge > entry.irSmall).length} of ${after.size + before.size}`,
      pass: [...after.values(), ...before.values()].every((entry) => entry.irLarge > entry.irSmall),
      // At quick sizes one garbage collection more in the smaller run can outweigh its 200 tasks fewer (seen: p-limit -7,406 Ir/task).
      timing: QUICK,
    },
    ...CONTENDERS.filter((contender) => contender.target !== undefined).map(({ name, target }) => ({
      label: `${name} vs p-limit 7, instructions per task`,
      target: `<= ${times(target!)}`,
      measured: times(ratio(name)),
      pass: ratio(name) <= target!,
      // Deterministic, so judged in full mode; quick mode's sizes are too small for the difference to mean anything.
      timing: QUICK,
    })),
  ];

  const notes: string[] = [];
  for (const { name, target } of CONTENDERS) {
    if (target !== undefined && ratio(name) > target) {
      notes.push(`${name} executes ${times(ratio(name))} p-limit's instructions per task (target <= ${times(target)}): ${count(after.get(name)!.perTask - pLimit)} Ir per task more than p-limit's ${count(pLimit)}.`);
    }
  }
  return {
    id: 'instructions',
    title: 'Instructions per task (callgrind)',
    method: baselineEntry ? [...method, `Before = the same probe against the baseline build, ${describeBaseline(baselineEntry)}; after = the workspace's \`@flotilla/core\`.`] : method,
    tables: [{ columns, rows }],
    checks,
    notes,
    data: {
      valgrind: version,
      sizes: { large: N_LARGE, small: N_SMALL, warmup: WARMUP, k: K },
      after: Object.fromEntries(after),
      ...(baselineEntry ? { baseline: baselineEntry, before: Object.fromEntries(before) } : {}),
    },
  };
}

await runScenario(measure);
