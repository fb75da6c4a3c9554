/**
 * The Flotilla dispatch API as a Cloudflare Worker: `@flotilla/edge`'s Hono
 * app with a Workers KV cache and a Durable Object budget per API key.
 */
import { buildHandler, type Handler } from './app.js';
import type { Env } from './env.js';

// The Durable Object class must be exported by the entry module.
export { BudgetLedger } from '@flotilla/edge';

// One app per isolate and bindings object, so per-key rate limits and the
// in-memory single-flight survive across requests.
let built: { env: Env; handler: Handler } | undefined;

export default {
  fetch(request, env, ctx) {
    if (built?.env !== env) built = { env, handler: buildHandler(env) };
    return built.handler.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
