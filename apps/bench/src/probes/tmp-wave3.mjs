const core = await import('@flotilla/core');
const N = 50000, K = 1000; const mode = process.argv[2];
const inputs = Array.from({ length: N }, (_, i) => i);
let pending = []; let pumping = false;
const pump = () => { const now = pending; pending = []; for (const r of now) r(); if (pending.length || pumping) setImmediate(pump); };
const agentOf = () => (x) => new Promise((r) => pending.push(() => r(x)));
const run = () => core.dispatch({ agent: agentOf(), cache: mode === 'cache' ? core.memoryCache({ maxEntries: 100 }) : false, inputs, limits: { maxConcurrent: K } });
for (let r = 0; r < 8; r++) { pumping = true; setImmediate(pump); await run(); pumping = false; await new Promise((r) => setImmediate(r)); }
