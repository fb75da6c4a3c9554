import { FlotillaError } from './brand.js';
import type { ErrorCode } from './codes.js';

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
