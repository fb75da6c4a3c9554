// deterministic async shape: every agent waits for the next setImmediate wave
import pLimit from 'p-limit';
const core = await import(process.env.FLOTILLA_BENCH_CORE || '@flotilla/core');
const [name, n, w, k] = process.argv.slice(2);
const N = Number(n), W = Number(w), K = Number(k);
const inputs = Array.from({ length: Math.max(N, W) }, (_, i) => i);
let pending = []; let pumping = false;
const pump = () => { const now = pending; pending = []; for (const r of now) r(); if (pending.length || pumping) setImmediate(pump); };
const agentOf = () => (x) => new Promise((r) => pending.push(() => r(x)));
const C = {
  'p-limit': async (xs) => { const l = pLimit(K); const a = agentOf(); await Promise.all(xs.map((x) => l(() => a(x)))); },
  defaults: (xs) => core.dispatch({ agent: agentOf(), inputs: xs, limits: { maxConcurrent: K } }),
  'cache-false': (xs) => core.dispatch({ cache: false, agent: agentOf(), inputs: xs, limits: { maxConcurrent: K } }),
};
const go = async (xs) => { pumping = true; setImmediate(pump); await C[name](xs); pumping = false; await new Promise((r) => setImmediate(r)); };
await go(inputs.slice(0, W)); await go(inputs.slice(0, W)); if (N > 0) await go(inputs.slice(0, N));
