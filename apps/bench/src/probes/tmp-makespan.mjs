import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
const core = await import(process.env.FLOTILLA_BENCH_CORE || '@flotilla/core');
const N = Number(process.argv[2] ?? 100000), K = Number(process.argv[3] ?? 1000), L = Number(process.argv[4] ?? 5);
const inputs = Array.from({ length: N }, (_, i) => i);
const agentOf = () => async (x) => { await sleep(L); return x; };
const C = {
  'p-limit': async () => { const l = pLimit(K); const a = agentOf(); await Promise.all(inputs.map((x) => l(() => a(x)))); },
  defaults: () => core.dispatch({ agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
  'cache-false': () => core.dispatch({ cache: false, agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
};
const names = process.argv[5] ? process.argv[5].split(',') : Object.keys(C);
const ideal = Math.ceil(N / K) * L;
for (let r = 0; r < 3; r++) for (const n of names) { const a = process.cpuUsage(); const t = performance.now(); await C[n](); const w = performance.now() - t; const b = process.cpuUsage(a); console.log(r, n.padEnd(12), 'eff', (ideal / w).toFixed(3), 'cpu us/task', ((b.user + b.system) / N).toFixed(2)); }
