/** One API key per test file, so budgets and rate limits of one file never touch another's. */
export const KEYS = {
  auth: 'auth-key-0123456789abcdef',
  clamp: 'clamp-key-0123456789abcdef',
  corpus: 'corpus-key-0123456789abcdef',
  fuzz: 'fuzz-key-0123456789abcdef',
  sse: 'sse-key-0123456789abcdef',
  cache: 'cache-key-0123456789abcdef',
  budget: 'budget-key-0123456789abcdef',
  rate: 'rate-key-0123456789abcdef',
  http: 'http-key-0123456789abcdef',
} as const;

/** Spend cap of each key per day in the tests, in USD. */
export const TEST_KEY_BUDGET_USD = 0.02;
/** Requests a key may make at once in the tests. */
export const TEST_RATE_BURST = 100;

/** The one browser origin the tests allow (CORS_ORIGINS). */
export const TEST_CORS_ORIGIN = 'https://app.flotilla.test';

/** Secrets and variables the tests give the worker (they override wrangler.jsonc's vars). */
export const TEST_BINDINGS = {
  FLOTILLA_API_KEYS: Object.values(KEYS).join(','),
  KEY_BUDGET_USD: String(TEST_KEY_BUDGET_USD),
  RATE_LIMIT_RPS: '1',
  RATE_LIMIT_BURST: String(TEST_RATE_BURST),
  SIMULATED_LATENCY_MS: '4',
  LOG_REQUESTS: 'false',
  CORS_ORIGINS: TEST_CORS_ORIGIN,
};
