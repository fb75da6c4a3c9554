/**
 * Getting started on Cloudflare Workers: a Worker that labels the texts POSTed
 * to it (a JSON array of strings) with a (simulated) model, at most four at a
 * time, under a budget per request. Deploy it with `npx wrangler deploy
 * docs/samples/start/worker.ts --name my-labeller --compatibility-date 2026-04-01`.
 */
import { dispatch, memoryCache } from '@flotilla/core';

/** Stands in for your model call: answers after 20 ms, honours the signal, reports its cost. */
async function callModel(prompt: string, signal: AbortSignal): Promise<{ label: string; costUsd: number }> {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 20);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
  return { label: /love|great/i.test(prompt) ? 'positive' : /broken|slow/i.test(prompt) ? 'negative' : 'neutral', costUsd: 0.0004 };
}

// One cache per isolate: a repeated text costs nothing while the isolate lives.
const cache = memoryCache({ ttlMs: 10 * 60_000, maxEntries: 1_000 });

export default {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('POST a JSON array of texts\n', { status: 405, headers: { Allow: 'POST' } });
    const texts: unknown = await request.json().catch(() => undefined);
    if (!Array.isArray(texts) || texts.length > 20 || !texts.every((text) => typeof text === 'string')) {
      return Response.json({ error: 'send a JSON array of at most 20 strings' }, { status: 400 });
    }
    const run = await dispatch({
      agent: {
        name: 'sentiment',
        run: async (text: string, ctx) => {
          const answer = await callModel(text, ctx.signal);
          ctx.reportCost(answer.costUsd);
          return answer.label;
        },
      },
      inputs: texts as string[],
      cache,
      limits: { maxConcurrent: 4, maxTotalCostUsd: 0.01, costPerAgentUsd: 0.001 },
      signal: request.signal, // the client going away stops the run
    });
    return Response.json({
      stopReason: run.stopReason,
      costUsd: run.stats.costUsd,
      results: run.results.map((result) => ({ text: result.input, label: result.ok ? result.value : null, error: result.ok ? null : result.error?.code, cached: result.cached })),
    });
  },
};
