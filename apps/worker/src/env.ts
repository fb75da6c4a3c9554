/**
 * The bindings, variables and secrets of the worker (see wrangler.jsonc).
 * Secrets are set with `wrangler secret put NAME`, or in `.dev.vars` locally.
 */
export interface Env {
  /** Workers KV namespace caching agent results across isolates and deploys. */
  CACHE: KVNamespace;
  /** Durable Object namespace of `BudgetLedger`: one spend budget per API key per period. */
  BUDGET: DurableObjectNamespace;
  /** Secret: the client API keys, comma-separated (each 16+ characters). Without it every route answers 503. */
  FLOTILLA_API_KEYS?: string;
  /** Secret: when set, the agents call an OpenAI-compatible API instead of the simulation. */
  OPENAI_API_KEY?: string;
  /** The OpenAI-compatible API root (default `https://api.openai.com/v1`). */
  OPENAI_BASE_URL?: string;
  /** The model to call (default `gpt-4o-mini`). */
  OPENAI_MODEL?: string;
  /** Spend cap of each API key per budget period, in USD (default `"5"`). */
  KEY_BUDGET_USD?: string;
  /** `hour`, `day` (default) or `month`, in UTC. */
  BUDGET_PERIOD?: string;
  /** Sustained requests per second per API key, per isolate (default `"10"`). */
  RATE_LIMIT_RPS?: string;
  /** Requests per API key allowed at once after an idle spell (default `"20"`). */
  RATE_LIMIT_BURST?: string;
  /** `"false"` turns off the one-line JSON log per request (it never holds keys, bodies or personal data). */
  LOG_REQUESTS?: string;
  /** Browser origins allowed to call the API (CORS), comma-separated; empty or unset: CORS off. */
  CORS_ORIGINS?: string;
  /** Typical latency of a simulated agent call, in milliseconds (default `"40"`). */
  SIMULATED_LATENCY_MS?: string;
}
