/**
 * Stable codes carried by a failed {@link AgentResult} in `error.code`.
 *
 * - `timeout`: the agent ran past `agentTimeoutMs`.
 * - `aborted`: the caller's `signal` aborted the run.
 * - `budget_exhausted`: the spend budget could not cover this item.
 * - `failure_rate`: the run stopped because too many agents failed.
 * - `deadline`: the run passed `maxTotalDurationMs`.
 * - `max_agents`: the run reached `maxTotalAgents`.
 * - `agent_error`: the agent threw.
 * - `invalid_input`: the input could not be used (e.g. a template field is missing).
 * - `injection_detected`: a prompt-injection guard refused the input.
 * - `circuit_open`: a circuit breaker refused the call.
 * - `rate_limited`: a rate limit refused the call.
 * - `decided`: an aggregator settled the outcome before this item ran.
 */
export type ErrorCode =
  | 'timeout'
  | 'aborted'
  | 'budget_exhausted'
  | 'failure_rate'
  | 'deadline'
  | 'max_agents'
  | 'agent_error'
  | 'invalid_input'
  | 'injection_detected'
  | 'circuit_open'
  | 'rate_limited'
  | 'decided';

/**
 * Why a run ended. `completed` means every input was processed; every other
 * reason means the run stopped early and unstarted items carry the matching
 * {@link ErrorCode}.
 */
export type StopReason =
  | 'completed'
  | 'budget'
  | 'failure_rate'
  | 'deadline'
  | 'max_agents'
  | 'aborted'
  | 'decided';

/**
 * Base class of every error Flotilla throws; `code` is stable across releases.
 *
 * @example
 * ```ts
 * try {
 *   await dispatch({ agent, inputs, template: 'Summarize {text' });
 * } catch (error) {
 *   if (error instanceof FlotillaError) console.error(error.code, error.message); // 'invalid_template', what to fix
 * }
 * ```
 */
export class FlotillaError extends Error {
  /** Stable machine-readable code. */
  readonly code: string;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    // Every error class names itself with a literal: new.target.name would be
    // mangled by minifiers in browser bundles.
    this.name = 'FlotillaError';
  }
}

/** The options given to `dispatch` are invalid; nothing ran. */
export class InvalidOptionsError extends FlotillaError {
  constructor(message: string) {
    super('invalid_options', message);
    this.name = 'InvalidOptionsError';
  }
}

/** `preflight: true` found that the known inputs cannot fit the limits; nothing ran. */
export class PreflightError extends FlotillaError {
  constructor(message: string) {
    super('preflight', message);
    this.name = 'PreflightError';
  }
}

/** An agent ran longer than `agentTimeoutMs`. Retryable. */
export class TimeoutError extends FlotillaError {
  constructor(message: string) {
    super('timeout', message, { retryable: true });
    this.name = 'TimeoutError';
  }
}

/** The run was aborted through the caller's `AbortSignal`. */
export class AbortedError extends FlotillaError {
  constructor(message = 'the dispatch was aborted by its signal') {
    super('aborted', message);
    this.name = 'AbortedError';
  }
}

/** The spend budget cannot cover a reservation. */
export class BudgetExhaustedError extends FlotillaError {
  constructor(message: string) {
    super('budget_exhausted', message);
    this.name = 'BudgetExhaustedError';
  }
}

/** The run stopped because the failure rate passed `maxFailureRate`. */
export class FailureRateError extends FlotillaError {
  constructor(message: string) {
    super('failure_rate', message);
    this.name = 'FailureRateError';
  }
}

/** The run passed its `maxTotalDurationMs` deadline. */
export class DeadlineError extends FlotillaError {
  constructor(message: string) {
    super('deadline', message);
    this.name = 'DeadlineError';
  }
}

/** The run reached `maxTotalAgents` agent executions. */
export class MaxAgentsError extends FlotillaError {
  constructor(message: string) {
    super('max_agents', message);
    this.name = 'MaxAgentsError';
  }
}

/** An input could not be used, e.g. a template field it lacks. */
export class InvalidInputError extends FlotillaError {
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'InvalidInputError';
  }
}

/** An aggregator decided the outcome before this item ran. */
export class DecidedError extends FlotillaError {
  constructor(message = 'the outcome was decided before this item ran') {
    super('decided', message);
    this.name = 'DecidedError';
  }
}

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
  /** How long to wait before a retry, in milliseconds, when the cause said so. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super('agent_error', message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.name = 'AgentError';
  }
}

/** Serializable form of an error as carried by {@link AgentResult}. */
export interface ResultError {
  /** Stable code. */
  code: ErrorCode;
  /** Human-readable explanation that says what to do. */
  message: string;
}

/** Map a thrown value onto the serializable error carried by a result. */
export function toResultError(error: unknown): ResultError {
  if (error instanceof FlotillaError && isErrorCode(error.code)) {
    return { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'agent_error', message };
}

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'timeout', 'aborted', 'budget_exhausted', 'failure_rate', 'deadline', 'max_agents',
  'agent_error', 'invalid_input', 'injection_detected', 'circuit_open', 'rate_limited', 'decided',
]);

function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODES.has(code);
}

/** A `template` is malformed (unbalanced braces, a forbidden or empty field path); nothing ran. */
export class InvalidTemplateError extends FlotillaError {
  constructor(message: string) {
    super('invalid_template', message);
    this.name = 'InvalidTemplateError';
  }
}

/** `ctx.dispatch` was called deeper than `limits.maxDepth` allows; the child run did not start. */
export class MaxDepthError extends FlotillaError {
  constructor(message: string) {
    super('max_depth', message);
    this.name = 'MaxDepthError';
  }
}

/** A prompt-injection guard refused a template or an input (`guards.injection: 'reject'`). */
export class InjectionDetectedError extends FlotillaError {
  constructor(message: string) {
    super('injection_detected', message);
    this.name = 'InjectionDetectedError';
  }
}
