import { setTimeout as sleep } from 'node:timers/promises';
const core = await import('@flotilla/core');
const N = 20000, K = 1000, L = 5;
const inputs = Array.from({ length: N }, (_, i) => i);
const agentOf = () => async (x) => { await sleep(L); return x; };
const C = {
  defaults: () => core.dispatch({ agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
  small: () => core.dispatch({ agent: agentOf(), cache: core.memoryCache({ maxEntries: 100 }), inputs, limits: { maxConcurrent: K } }),
  noguard: () => core.dispatch({ agent: agentOf(), guards: { injection: 'off', redactOutputs: false }, inputs, limits: { maxConcurrent: K } }),
  'cache-false': () => core.dispatch({ cache: false, agent: agentOf(), inputs, limits: { maxConcurrent: K } }),
};
const t = {}; for (const n in C) t[n] = [];
for (let r = 0; r < 5; r++) for (const n in C) { const a = process.cpuUsage(); await C[n](); const b = process.cpuUsage(a); t[n].push((b.user + b.system) / N); }
for (const n in C) console.log(n.padEnd(12), t[n].slice(1).sort((a, b) => a - b)[1].toFixed(2));
