import pLimit from 'p-limit';
const core = await import('@flotilla/core');
const H = 5000;
const inputs = Array.from({ length: H }, (_, id) => ({ id, text: `receipt ${id}: 3 coffees, 1 bagel, total $${(id % 97) + 4}.50` }));
const agent = async (x) => x.id;
const memo = new Map(); const memoized = (x) => { const k = JSON.stringify(x); let h = memo.get(k); if (!h) { h = agent(x); memo.set(k, h); } return h; };
const C = { flotilla: () => core.dispatch({ agent, inputs, limits: { maxConcurrent: 50 } }), memo: () => { const l = pLimit(50); return Promise.all(inputs.map((x) => l(() => memoized(x)))); } };
await C.flotilla(); await C.memo();
const only = process.argv[2]; const names = only ? [only] : Object.keys(C); const t = {}; for (const n of names) t[n] = [];
for (let r = 0; r < 15; r++) for (const n of names) { const a = process.cpuUsage(); await C[n](); const b = process.cpuUsage(a); t[n].push((b.user + b.system) / H); }
for (const n of names) console.log(n, t[n].sort((a, b) => a - b)[7].toFixed(2));
