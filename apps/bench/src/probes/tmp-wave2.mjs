const core = await import('@flotilla/core');
const N = 50000, K = Number(process.argv[2] ?? 1000);
const inputs = Array.from({ length: N }, (_, i) => i);
let pending = []; let pumping = false;
const pump = () => { const now = pending; pending = []; for (const r of now) r(); if (pending.length || pumping) setImmediate(pump); };
const agentOf = () => (x) => new Promise((r) => pending.push(() => r(x)));
const C = {};
for (const m of [100, 1000, 10000, 100000]) C['lru' + m] = () => core.dispatch({ agent: agentOf(), cache: core.memoryCache({ maxEntries: m }), inputs, limits: { maxConcurrent: K } });
C['cache-false'] = () => core.dispatch({ cache: false, agent: agentOf(), inputs, limits: { maxConcurrent: K } });
const t = {}; for (const x in C) t[x] = [];
for (let r = 0; r < 5; r++) for (const x in C) { pumping = true; setImmediate(pump); const a = process.cpuUsage(); await C[x](); const b = process.cpuUsage(a); pumping = false; t[x].push((b.user + b.system) / N); await new Promise((r) => setImmediate(r)); }
for (const x in C) console.log(x.padEnd(12), t[x].slice(1).sort((a, b) => a - b)[1].toFixed(2));
