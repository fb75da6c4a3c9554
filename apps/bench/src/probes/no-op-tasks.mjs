// One contender of the instruction-count scenario, run once per process under
// valgrind (callgrind): two warm-up runs of W no-op tasks, then one run of N.
// The scenario runs it at two sizes and divides the difference by the size
// difference, so startup, module loading and warm-up cancel out.
// Plain JavaScript (no tsx loader), so the loader's own work is not counted.
// FLOTILLA_BENCH_CORE names another build of @flotilla/core (a baseline).
import pLimit from 'p-limit';

// Every contender loads core, p-limit too: the heap each starts from must be the same, or the garbage collections
// that fall between the two sizes differ (measured: p-limit without core loaded counts 8.6k Ir/task, with it 17.3k).
const core = await import(process.env.FLOTILLA_BENCH_CORE || '@flotilla/core');
const [name, n, w, k] = process.argv.slice(2);
const N = Number(n);
const W = Number(w);
const K = Number(k);
const inputs = Array.from({ length: Math.max(N, W) }, (_, index) => index);
const LEAN = { cache: false, guards: { injection: 'off', redactOutputs: false } };

/** The contenders. A new agent function per run keeps the default memory cache cold (every item a miss). */
export const CONTENDERS = {
  'p-limit': async (xs) => {
    const limit = pLimit(K);
    await Promise.all(xs.map((x) => limit(() => x)));
  },
  defaults: (xs) => core.dispatch({ agent: (x) => x, inputs: xs, limits: { maxConcurrent: K } }),
  'cache-false': (xs) => core.dispatch({ cache: false, agent: (x) => x, inputs: xs, limits: { maxConcurrent: K } }),
  lean: (xs) => core.dispatch({ ...LEAN, agent: (x) => x, inputs: xs, limits: { maxConcurrent: K } }),
  'budget-stats': (xs) =>
    core.dispatch({
      ...LEAN,
      agent: (x, ctx) => {
        ctx.reportCost(0.0005);
        return x;
      },
      inputs: xs,
      limits: { maxConcurrent: K, maxTotalCostUsd: 1e9, costPerAgentUsd: 0.001 },
    }),
};

const run = CONTENDERS[name];
if (!run) throw new Error(`no contender ${name}; choose from ${Object.keys(CONTENDERS).join(', ')}`);
await run(inputs.slice(0, W));
await run(inputs.slice(0, W));
if (N > 0) await run(inputs.slice(0, N));
