import { createDispatchApp, durableObjectLedger, kvCache, problemResponse, type BudgetPeriod, type RequestLogEntry } from '@flotilla/edge';
import { servedAgents } from './agents.js';
import type { Env } from './env.js';

/** Something that answers requests: the dispatch app, or the not-configured fallback. */
export interface Handler {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>;
}

const PERIODS: readonly BudgetPeriod[] = ['hour', 'day', 'month'];

/**
 * The dispatch app for this worker's bindings. Without `FLOTILLA_API_KEYS`
 * the worker refuses every request (503) instead of serving an open API.
 */
export function buildHandler(env: Env): Handler {
  const keys = list(env.FLOTILLA_API_KEYS);
  if (keys.length === 0) {
    return {
      fetch: () => problemResponse('not_configured', 'no API keys configured: run `wrangler secret put FLOTILLA_API_KEYS` (comma-separated keys), or set it in .dev.vars for wrangler dev'),
    };
  }
  const capUsd = Number(env.KEY_BUDGET_USD ?? 5);
  const period = PERIODS.find((name) => name === env.BUDGET_PERIOD) ?? 'day';
  const app = createDispatchApp({
    agents: servedAgents(env),
    policy: {
      maxConcurrent: 8,
      maxTotalCostUsd: 0.5,
      maxInputs: 100,
      agentTimeoutMs: 30_000,
      maxTotalDurationMs: 60_000,
      maxBodyBytes: 128 * 1024,
      rateLimit: { requestsPerSecond: Number(env.RATE_LIMIT_RPS ?? 10), burst: Number(env.RATE_LIMIT_BURST ?? 20) },
      corsOrigins: list(env.CORS_ORIGINS),
    },
    auth: { keys, realm: 'flotilla-worker' },
    cache: kvCache(env.CACHE, { ttlMs: 24 * 60 * 60_000 }),
    ledger: (keyId) => durableObjectLedger(env.BUDGET, keyId, { capUsd, period }),
    ...(env.LOG_REQUESTS === 'false' ? {} : { log: (entry: RequestLogEntry) => console.log(JSON.stringify(entry)) }),
  });
  return app;
}

/** The entries of a comma-separated variable, trimmed, empty ones dropped. */
function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
}
