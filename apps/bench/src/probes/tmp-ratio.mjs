import pLimit from 'p-limit';
const core = await import(process.env.FLOTILLA_BENCH_CORE || '@flotilla/core');
const N = Number(process.argv[2] ?? 100000), K = 64;
const inputs = Array.from({ length: N }, (_, i) => i);
const C = {
  'p-limit': async () => { const l = pLimit(K); await Promise.all(inputs.map((x) => l(() => x))); },
  defaults: () => core.dispatch({ agent: (x) => x, inputs, limits: { maxConcurrent: K } }),
  'cache-false': () => core.dispatch({ cache: false, agent: (x) => x, inputs, limits: { maxConcurrent: K } }),
};
const only = process.argv[3];
const names = only ? only.split(',') : Object.keys(C);
const t = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < 7; r++) for (const n of names) { const a = process.cpuUsage(); await C[n](); const b = process.cpuUsage(a); t[n].push((b.user + b.system) / N); }
const med = (xs) => xs.slice(1).sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
for (const n of names) console.log(n.padEnd(12), med(t[n]).toFixed(3), 'us/task', (med(t[n]) / med(t['p-limit'] ?? t[n])).toFixed(2) + 'x');
