import { InvalidOptionsError, memoryCache, type Agent, type Cache, type Clock, type Ledger } from '@flotilla/core';
import { sValidator } from '@hono/standard-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { allowedMethods } from './allowed-methods.js';
import { ApiKeys } from './api-keys.js';
import type { AppEnv } from './app-env.js';
import { corsPolicy } from './cors-policy.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { handleDispatch } from './dispatch-handler.js';
import { fieldErrors } from './field-errors.js';
import { jsonBody } from './json-body.js';
import { KeyRateLimits } from './key-rate-limits.js';
import { DEFAULT_POLICY, type DispatchPolicy } from './policy.js';
import { describeError, problemFromError } from './problem-from-error.js';
import { problemResponse } from './problem.js';
import type { RequestLogEntry } from './log-fields.js';
import { logEntry, requestLog } from './request-log.js';
import { dispatchRequestSchema } from './request-schema.js';

/** An agent the server offers, under the name clients use in `agent`. */
export interface ServedAgent {
  /** The agent itself (a function or a core `AgentDefinition`). */
  agent: Agent<any, any>;
  /** What it does, for `GET /v1/agents` (public: no secrets). */
  description: string;
}

/** Options of {@link createDispatchApp}. */
export interface DispatchAppOptions {
  /** The agents clients may run, by name. Clients name one; they never send code. */
  agents: Record<string, ServedAgent>;
  /** The server's ceilings and guards; unset fields take {@link DEFAULT_POLICY}. */
  policy: Partial<DispatchPolicy>;
  /** API keys clients send as `Authorization: Bearer <key>`. At least one; each 16+ characters. */
  auth: {
    /** The accepted keys, each at least 16 characters. */
    keys: readonly string[];
    /**
     * The realm named in `WWW-Authenticate` on a 401 (`Bearer realm="<realm>"`),
     * so a client can tell which server refused it. Default: `'flotilla'`.
     */
    realm?: string;
  };
  /**
   * Where results are cached (e.g. `kvCache(env.CACHE)`), or `false` for no
   * cache. Default: one in-memory cache per isolate (1 h TTL). Scoped per API
   * key unless `policy.cacheScope` is `'shared'`.
   */
  cache?: Cache | false;
  /**
   * The shared budget of an API key, by key id (e.g.
   * `(keyId) => durableObjectLedger(env.BUDGET, keyId, { capUsd: 5 })`).
   * The request's own `maxTotalCostUsd` still applies on top. Default: only
   * the per-request cap.
   */
  ledger?: (keyId: string) => Ledger;
  /** Receives one log line per request; the lines never hold keys, bodies or personal data. */
  log?: (entry: RequestLogEntry) => void;
  /** Time source of the per-key rate limits, for tests. */
  clock?: Clock;
}

/** The realm of `WWW-Authenticate` when `auth.realm` is not set. */
export const DEFAULT_AUTH_REALM = 'flotilla';

/**
 * The Flotilla dispatch API as a Hono app, for Cloudflare Workers, Node
 * (`@hono/node-server`), Deno or Bun:
 *
 * - `GET /v1/health`: open, `{ status: 'ok' }`.
 * - `GET /v1/agents`: names and descriptions of the served agents.
 * - `POST /v1/dispatch`: `{ agent, inputs, template?, limits?, aggregate?, stream? }`;
 *   answers `{ results, value?, stats, stopReason, outcome, minSuccessMet, limits, clamped }`
 *   (see `RunSummary` for what each summary field means), or Server-Sent
 *   Events with `stream: true`. Either way the request is validated and
 *   preflighted first: a bad one gets the same 4xx problem, streamed or not.
 *
 * A known route called with another method gets 405 with `Allow`; with
 * `policy.corsOrigins`, browsers on those origins may call the API (hono's
 * `cors`, preflights answered before authentication).
 *
 * Every route but health needs a bearer API key; each key has its own request
 * rate (per isolate), cache scope and, with `ledger`, spend budget. Client
 * limits are clamped to `policy`; errors are `application/problem+json`
 * (RFC 9457) with a stable `code` (see `PROBLEMS`).
 *
 * @throws InvalidOptionsError when `auth.keys` is empty or holds an unusable
 *   key, when no agent is given, or when the policy is invalid.
 * @example
 * const app = createDispatchApp({
 *   agents: { classify: { agent: classifier, description: 'Labels a support ticket' } },
 *   policy: { maxConcurrent: 8, maxTotalCostUsd: 0.5 },
 *   auth: { keys: env.FLOTILLA_API_KEYS.split(',') },
 *   cache: kvCache(env.CACHE),
 * });
 * export default app; // Workers; on Node: serve({ fetch: app.fetch, port: 8787 })
 */
export function createDispatchApp(options: DispatchAppOptions): Hono<AppEnv> {
  const keys = new ApiKeys(options.auth?.keys);
  const policy = resolvePolicy(options.policy);
  const agents = agentTable(options.agents);
  const rateLimits = policy.rateLimit ? new KeyRateLimits(policy.rateLimit, options.clock) : undefined;
  const schema = dispatchRequestSchema(policy);
  const corsMiddleware = corsPolicy(policy.corsOrigins);
  const realm = authRealm(options.auth?.realm);
  const deps: DispatchDeps = {
    policy,
    agents: new Map([...agents].map(([name, served]) => [name, served.agent])),
    cache: options.cache === undefined ? memoryCache() : options.cache,
    ledger: options.ledger,
    logStream: (c) => options.log?.(logEntry(c.req.method, c.req.path, 200, c.get('startedAt'), c.get('log'))),
  };

  const app = new Hono<AppEnv>();
  app.use('*', requestLog(options.log));
  if (corsMiddleware) app.use('*', corsMiddleware);
  app.use('*', allowedMethods());
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.res) return error.getResponse();
    const problem = problemFromError(error);
    if (problem.code === 'internal') console.error(`flotilla: unhandled error on ${c.req.method} /v1: ${describeError(error)}`);
    return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json' } });
  });
  app.notFound((c) => problemResponse('not_found', `no route ${c.req.method} here; the API serves GET /v1/health, GET /v1/agents and POST /v1/dispatch`));

  // Registered before the auth middleware, so it answers without a key.
  app.get('/v1/health', (c) => c.json({ status: 'ok' }));

  app.use(
    '/v1/*',
    bearerAuth<AppEnv>({
      realm,
      verifyToken: async (token, c) => {
        const keyId = await keys.verify(token);
        if (keyId === undefined) return false;
        c.set('keyId', keyId);
        c.get('log').keyId = keyId;
        return true;
      },
      noAuthenticationHeader: { message: () => problemResponse('missing_api_key', "send your API key as 'Authorization: Bearer <key>'") },
      invalidAuthenticationHeader: {
        wwwAuthenticateHeader: `Bearer realm="${realm}", error="invalid_request"`,
        message: () => problemResponse('malformed_authorization', "the Authorization header must be 'Bearer <key>' with a key of letters, digits and . _ ~ + / -"),
      },
      invalidToken: {
        wwwAuthenticateHeader: `Bearer realm="${realm}", error="invalid_token"`,
        message: () => problemResponse('invalid_api_key', 'this API key is not valid here; check for typos or ask the server operator for a key'),
      },
    }),
  );
  if (rateLimits) {
    app.use('/v1/*', async (c, next) => {
      const verdict = await rateLimits.take(c.get('keyId'));
      if (!verdict.ok) {
        return problemResponse('rate_limited', `this API key is over its request rate; retry after ${verdict.retryAfterSeconds} s or spread requests out`, {
          headers: { 'retry-after': String(verdict.retryAfterSeconds) },
        });
      }
      await next();
    });
  }

  app.get('/v1/agents', (c) =>
    c.json({
      agents: [...agents].map(([name, served]) => ({
        name,
        description: served.description,
        ...(typeof served.agent === 'object' && served.agent.model ? { model: served.agent.model } : {}),
        ...(typeof served.agent === 'object' && served.agent.version ? { version: served.agent.version } : {}),
      })),
    }),
  );

  app.post(
    '/v1/dispatch',
    jsonBody(policy.maxBodyBytes),
    sValidator('json', schema, (result) => {
      if (result.success) return undefined;
      const errors = fieldErrors(result.error);
      const first = errors[0]!;
      return problemResponse('validation_failed', `${first.path || 'body'}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more; see errors)` : ''}`, { errors });
    }),
    (c) => handleDispatch(c, c.req.valid('json'), deps),
  );
  return app;
}

function agentTable(agents: Record<string, ServedAgent> | undefined): Map<string, ServedAgent> {
  const entries = agents && typeof agents === 'object' ? Object.entries(agents) : [];
  if (entries.length === 0) throw new InvalidOptionsError('agents is empty: give the server at least one agent, e.g. agents: { classify: { agent, description } }');
  for (const [name, served] of entries) {
    if (!served || (typeof served.agent !== 'function' && typeof served.agent?.run !== 'function')) {
      throw new InvalidOptionsError(`agents.${name} needs an agent: a function or { name, run }`);
    }
  }
  // A Map: a client naming 'constructor' or '__proto__' finds nothing.
  return new Map(entries);
}

function resolvePolicy(overrides: Partial<DispatchPolicy> | undefined): DispatchPolicy {
  const policy: DispatchPolicy = { ...DEFAULT_POLICY, ...overrides };
  const integer = (name: keyof DispatchPolicy, min: number) => {
    const value = policy[name];
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= min)) {
      throw new InvalidOptionsError(`policy.${name} must be an integer >= ${min}, got ${String(value)}`);
    }
  };
  integer('maxConcurrent', 1);
  integer('maxInputs', 1);
  integer('agentTimeoutMs', 1);
  integer('maxTotalDurationMs', 1);
  integer('maxTemplateChars', 1);
  integer('maxBodyBytes', 1);
  integer('maxInputDepth', 1);
  for (const name of ['maxTotalCostUsd', 'costPerAgentUsd'] as const) {
    const value = policy[name];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new InvalidOptionsError(`policy.${name} must be a finite amount >= 0 in USD or undefined, got ${String(value)}`);
    }
  }
  if (policy.cacheScope !== 'key' && policy.cacheScope !== 'shared') {
    throw new InvalidOptionsError(`policy.cacheScope must be 'key' or 'shared', got ${String(policy.cacheScope)}`);
  }
  return policy;
}

/** The realm as it goes between the quotes of `WWW-Authenticate`. */
function authRealm(realm: string | undefined): string {
  if (realm === undefined) return DEFAULT_AUTH_REALM;
  if (typeof realm !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(realm) || /["\\]/.test(realm)) {
    throw new InvalidOptionsError(`auth.realm must be 1 to 64 printable ASCII characters without quotes or backslashes, got ${JSON.stringify(realm)}`);
  }
  return realm;
}
