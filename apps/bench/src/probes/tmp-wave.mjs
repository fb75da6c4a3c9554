import pLimit from 'p-limit';
const core = await import(process.env.FLOTILLA_BENCH_CORE || '@flotilla/core');
const [name, n, k, rounds] = process.argv.slice(2);
const N = Number(n), K = Number(k), R = Number(rounds ?? 3);
const inputs = Array.from({ length: N }, (_, i) => i);
let pending = [];
let pumping = false;
const pump = () => { const now = pending; pending = []; for (const r of now) r(); if (pending.length || pumping) setImmediate(pump); };
const agentOf = () => (x) => new Promise((r) => pending.push(() => r(x)));
const C = {
  'p-limit': async () => { const l = pLimit(K); const a = agentOf(); await Promise.all(inputs.map((x) => l(() => a(x)))); },
  defaults: () => core.dispatch({ agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
  'cache-false': () => core.dispatch({ cache: false, agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
  lean: () => core.dispatch({ cache: false, guards: { injection: 'off', redactOutputs: false }, agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
};
const names = name.split(',');
const t = {}; for (const x of names) t[x] = [];
for (let r = 0; r < R; r++) for (const x of names) { pumping = true; setImmediate(pump); const a = process.cpuUsage(); await C[x](); const b = process.cpuUsage(a); pumping = false; t[x].push((b.user + b.system) / N); await new Promise((r) => setImmediate(r)); }
if (R > 1) for (const x of names) console.log(x.padEnd(12), t[x].slice(1).sort((a, b) => a - b)[Math.floor((R - 1) / 2)].toFixed(2), 'us/task');
