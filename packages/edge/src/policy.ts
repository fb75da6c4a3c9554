import type { GuardOptions } from '@flotilla/core';

/** Per-API-key request rate: a token bucket per key (see core's `tokenBucket`). */
export interface KeyRateLimit {
  /** Sustained requests per second each key may make (> 0). */
  requestsPerSecond: number;
  /** Requests a key may make at once after an idle spell (an integer >= 1). */
  burst: number;
}

/**
 * What the server allows, whatever a client asks for. Client limits are
 * clamped to these ceilings (see {@link clampLimits}); other fields are the
 * server's alone. Defaults: {@link DEFAULT_POLICY}.
 */
export interface DispatchPolicy {
  /** Most agents one request may run at once (an integer >= 1); a client may ask for fewer. */
  maxConcurrent: number;
  /** Spend cap of one request, in USD; a client may ask for less. `undefined`: no per-request cap. */
  maxTotalCostUsd: number | undefined;
  /**
   * USD reserved per agent before it starts; a client may raise it, never lower
   * it (a lower reservation would let an agent spend past a budget).
   */
  costPerAgentUsd: number | undefined;
  /** Most inputs one request may carry (an integer >= 1); more is refused with `too_many_inputs`. */
  maxInputs: number;
  /** Longest one agent may run, in milliseconds; a client may ask for less. */
  agentTimeoutMs: number;
  /** Longest one request's run may take, in milliseconds; a client may ask for less. */
  maxTotalDurationMs: number;
  /** Longest template accepted, in characters. */
  maxTemplateChars: number;
  /** Largest request body accepted, in bytes (checked before parsing). */
  maxBodyBytes: number;
  /** Deepest nesting of arrays and objects accepted in one input. */
  maxInputDepth: number;
  /** Requests per API key, per isolate; `false` turns it off. */
  rateLimit: KeyRateLimit | false;
  /** The server's prompt-injection and PII guards (clients cannot change them). */
  guards: GuardOptions;
  /**
   * `'key'` (default): each API key sees only cache entries it paid for, so a
   * client cannot probe what others asked. `'shared'`: identical work is
   * shared across keys (cheaper; use when all keys belong to one tenant).
   */
  cacheScope: 'key' | 'shared';
  /**
   * Browser origins allowed to call the API cross-origin (CORS), each exactly
   * as the browser sends it in `Origin`, e.g. `'https://app.example.com'`
   * (scheme, host and port; no path or trailing slash). Empty (default): CORS
   * is off and browsers on other origins cannot read any response. Preflight
   * (`OPTIONS`) requests are answered before authentication, since browsers
   * send them without the `Authorization` header.
   */
  corsOrigins: readonly string[];
}

/**
 * The default {@link DispatchPolicy}: 10 agents at once, $1 per request, 100
 * inputs, 60 s per agent, 120 s per request, 256 KiB bodies, 10 requests per
 * second per key (burst 20), injections rejected and outputs redacted, CORS off.
 */
export const DEFAULT_POLICY: DispatchPolicy = {
  maxConcurrent: 10,
  maxTotalCostUsd: 1,
  costPerAgentUsd: undefined,
  maxInputs: 100,
  agentTimeoutMs: 60_000,
  maxTotalDurationMs: 120_000,
  maxTemplateChars: 8_000,
  maxBodyBytes: 256 * 1024,
  maxInputDepth: 32,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  guards: { injection: 'reject', redactOutputs: true },
  cacheScope: 'key',
  corsOrigins: [],
};
