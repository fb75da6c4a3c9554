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

/** The brand every Flotilla error carries, shared by the ESM and CJS builds (`Symbol.for`). */
const FLOTILLA_ERROR = Symbol.for('flotilla.error');

/** A class of Flotilla error: its static `brand` marks its instances (see {@link FlotillaError.isInstance}). */
export interface BrandedClass {
  /** The `Symbol.for` brand its instances carry. */
  readonly brand: symbol;
}

/**
 * Base class of every error Flotilla throws; `code` is stable across releases.
 *
 * Recognise errors with the static `isInstance` checks rather than
 * `instanceof`: when both the ESM and the CJS build of a package are loaded
 * (a bundler or a test runner can do this), each has its own classes and
 * `instanceof` fails across them, while the `Symbol.for` brands are shared.
 *
 * @example
 * const run = await dispatch({ agent, inputs }).catch((error) => {
 *   if (InvalidOptionsError.isInstance(error)) console.error(error.message);
 *   throw error;
 * });
 */
export class FlotillaError extends Error {
  /** The brand of this class, `Symbol.for('flotilla.error.<Name>')`; the base uses `Symbol.for('flotilla.error')`. */
  static readonly brand: symbol = FLOTILLA_ERROR;
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
    // Brand the instance with its class and every ancestor's brand.
    for (let type = new.target as unknown; type && type !== Error; type = Object.getPrototypeOf(type)) {
      const brand = (type as Partial<BrandedClass>).brand;
      if (typeof brand === 'symbol') Object.defineProperty(this, brand, { value: true });
    }
  }

  /**
   * Whether `value` is an error of this class (or a subclass), from any
   * build of Flotilla. `TimeoutError.isInstance(e)` narrows `e` to `TimeoutError`.
   */
  static isInstance<T>(this: BrandedClass & { prototype: T }, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[this.brand] === true;
  }
}

/** The brand of the error class `name`: `Symbol.for('flotilla.error.<name>')`. */
export function errorBrand(name: string): symbol {
  return Symbol.for(`flotilla.error.${name}`);
}

/** The options given to `dispatch` are invalid; nothing ran. */
export class InvalidOptionsError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidOptionsError');
  constructor(message: string) {
    super('invalid_options', message);
    this.name = 'InvalidOptionsError';
  }
}

/** `preflight: true` found that the known inputs cannot fit the limits; nothing ran. */
export class PreflightError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('PreflightError');
  constructor(message: string) {
    super('preflight', message);
    this.name = 'PreflightError';
  }
}

/** An agent ran longer than `agentTimeoutMs`. Retryable. */
export class TimeoutError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('TimeoutError');
  constructor(message: string) {
    super('timeout', message, { retryable: true });
    this.name = 'TimeoutError';
  }
}

/** The run was aborted through the caller's `AbortSignal`. */
export class AbortedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('AbortedError');
  constructor(message = 'the dispatch was aborted by its signal') {
    super('aborted', message);
    this.name = 'AbortedError';
  }
}

/** The spend budget cannot cover a reservation. */
export class BudgetExhaustedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('BudgetExhaustedError');
  constructor(message: string) {
    super('budget_exhausted', message);
    this.name = 'BudgetExhaustedError';
  }
}

/** The run stopped because the failure rate passed `maxFailureRate`. */
export class FailureRateError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('FailureRateError');
  constructor(message: string) {
    super('failure_rate', message);
    this.name = 'FailureRateError';
  }
}

/** The run passed its `maxTotalDurationMs` deadline. */
export class DeadlineError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('DeadlineError');
  constructor(message: string) {
    super('deadline', message);
    this.name = 'DeadlineError';
  }
}

/** The run reached `maxTotalAgents` agent executions. */
export class MaxAgentsError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('MaxAgentsError');
  constructor(message: string) {
    super('max_agents', message);
    this.name = 'MaxAgentsError';
  }
}

/** An input could not be used, e.g. a template field it lacks. */
export class InvalidInputError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidInputError');
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'InvalidInputError';
  }
}

/** An aggregator decided the outcome before this item ran. */
export class DecidedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('DecidedError');
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

/** Serializable form of an error as carried by {@link AgentResult}. */
export interface ResultError {
  /** Stable code. */
  code: ErrorCode;
  /** Human-readable explanation that says what to do. */
  message: string;
}

/**
 * Map a thrown value onto the serializable error carried by a result. Any
 * value is accepted, however hostile (a `toString` or `message` getter that
 * throws, a null-prototype object, a revoked proxy): this never throws.
 */
export function toResultError(error: unknown): ResultError {
  if (FlotillaError.isInstance(error)) {
    const code = safely(() => error.code);
    if (typeof code === 'string' && isErrorCode(code)) return { code, message: messageOf(error) };
  }
  return { code: 'agent_error', message: messageOf(error) };
}

/** A printable message for any thrown value; never throws. */
export function messageOf(error: unknown): string {
  const text = safely(() => {
    if (error instanceof Error) return String(error.message);
    if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
      return (error as { message: string }).message;
    }
    return String(error);
  });
  if (typeof text === 'string') return text;
  const tag = safely(() => Object.prototype.toString.call(error));
  return `the agent threw a value that cannot be printed (${typeof tag === 'string' ? tag : typeof error})`;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
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
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidTemplateError');
  constructor(message: string) {
    super('invalid_template', message);
    this.name = 'InvalidTemplateError';
  }
}

/** `ctx.dispatch` was called deeper than `limits.maxDepth` allows; the child run did not start. */
export class MaxDepthError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('MaxDepthError');
  constructor(message: string) {
    super('max_depth', message);
    this.name = 'MaxDepthError';
  }
}

/** A prompt-injection guard refused a template or an input (`guards.injection: 'reject'`). */
export class InjectionDetectedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InjectionDetectedError');
  constructor(message: string) {
    super('injection_detected', message);
    this.name = 'InjectionDetectedError';
  }
}

/**
 * An agent called `ctx.reportCost` after its execution was settled with the
 * budget (from a callback that outlived the agent). The amount is counted in
 * `stats.costUsd`, and a `late_cost_report` warning says so, but no ledger
 * holds a reservation for it any more: report costs before the agent's
 * promise settles.
 */
export class LateCostReportError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('LateCostReportError');
  constructor(message: string) {
    super('late_cost_report', message);
    this.name = 'LateCostReportError';
  }
}
