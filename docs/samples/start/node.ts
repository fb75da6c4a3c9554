/**
 * Getting started on Node: label three reviews with a (simulated) model, at most
 * two at a time, under a $0.01 budget, with a SQLite cache so that a second run
 * pays nothing. Run it twice: `npx tsx docs/samples/start/node.ts [cache file]`.
 */
import { dispatch } from '@flotilla/core';
import { sqliteCache } from '@flotilla/node';

/** Stands in for your model call: answers after 50 ms, honours the signal, reports its cost. */
async function callModel(prompt: string, signal: AbortSignal): Promise<{ label: string; costUsd: number }> {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 50);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
  return { label: /love|great/i.test(prompt) ? 'positive' : /broken|slow/i.test(prompt) ? 'negative' : 'neutral', costUsd: 0.0004 };
}

const cache = sqliteCache({ path: process.argv[2] ?? 'flotilla.db', ttlMs: 24 * 3_600_000 });
const run = await dispatch({
  agent: {
    name: 'sentiment',
    model: 'simulated-model', // name, version and model are part of the cache key
    run: async (review: { text: string }, ctx) => {
      const answer = await callModel(ctx.prompt ?? review.text, ctx.signal);
      ctx.reportCost(answer.costUsd);
      return answer.label;
    },
  },
  inputs: [{ text: 'I love it' }, { text: 'Broken and slow' }, { text: 'It arrived on Tuesday' }],
  template: 'Label the sentiment of this review: {text}',
  cache,
  limits: { maxConcurrent: 2, maxTotalCostUsd: 0.01, costPerAgentUsd: 0.001 },
});
cache.close();

for (const result of run.results) console.log(`${result.input.text}: ${result.ok ? result.value : result.error?.code}${result.cached ? ' (cached)' : ''}`);
console.log(`stop: ${run.stopReason}, spent $${run.stats.costUsd.toFixed(4)}, ${run.stats.cached} cached`);
