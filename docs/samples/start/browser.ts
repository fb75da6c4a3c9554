/**
 * Getting started in the browser: label three reviews with a (simulated) model
 * and keep the answers in IndexedDB, so after a reload the same work costs
 * nothing. Bundle it with your page (Vite, esbuild...) and call `main()`; the
 * "Get started: browser" page of the docs site runs this file.
 */
import { dispatch } from '@flotilla/core';
import { indexedDbCache } from '@flotilla/browser';

/** Stands in for your model call: answers after 50 ms, honours the signal, reports its cost. */
async function callModel(prompt: string, signal: AbortSignal): Promise<{ label: string; costUsd: number }> {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 50);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
  return { label: /love|great/i.test(prompt) ? 'positive' : /broken|slow/i.test(prompt) ? 'negative' : 'neutral', costUsd: 0.0004 };
}

/** Label the reviews; each line of the outcome goes to `print`. */
export async function main(print: (line: string) => void = console.log): Promise<void> {
  const cache = indexedDbCache({
    dbName: 'flotilla-getting-started',
    ttlMs: 24 * 3_600_000,
    onFallback: (reason) => print(`IndexedDB unavailable, caching in memory: ${reason.message}`),
  });
  const run = await dispatch({
    agent: {
      name: 'sentiment',
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
  for (const result of run.results) print(`${result.input.text}: ${result.ok ? result.value : result.error?.code}${result.cached ? ' (cached)' : ''}`);
  print(`stop: ${run.stopReason}, spent $${run.stats.costUsd.toFixed(4)}, ${run.stats.cached} cached`);
}
