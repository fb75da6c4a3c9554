import { errorBrand, FlotillaError } from './brand.js';

// Errors an agent throws to say how its call failed.

/**
 * Throw this from an agent when the provider rate-limited the call (e.g. HTTP 429).
 * `retryAfterMs` tells retries and shared rate limiters how long to back off.
 *
 * @example
 * ```ts
 * const agent = async (input: string, ctx: AgentContext) => {
 *   const response = await fetch(url, { method: 'POST', body: input, signal: ctx.signal });
 *   if (response.status === 429) {
 *     throw new RateLimitedError('provider rate limit', { retryAfterMs: Number(response.headers.get('retry-after') ?? 1) * 1000 });
 *   }
 *   return response.text();
 * };
 * ```
 */
export class RateLimitedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('RateLimitedError');
  /** How long the provider asked callers to wait, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super('rate_limited', message, { retryable: true, cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
    this.name = 'RateLimitedError';
  }
}

/**
 * Throw this from an agent to mark a failure as worth retrying (or not);
 * any other thrown value becomes a non-retryable `agent_error`.
 *
 * @example
 * ```ts
 * // Mark a failure as worth retrying (with `retry: { attempts }`), e.g. a 503 from the provider.
 * if (response.status === 503) throw new AgentError('provider unavailable', { retryable: true });
 * ```
 */
export class AgentError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('AgentError');
  /** How long to wait before a retry, in milliseconds, when the cause said so. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super('agent_error', message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.name = 'AgentError';
  }
}
