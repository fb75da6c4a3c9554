import { FlotillaError, redact } from '@flotilla/core';
import { HTTPException } from 'hono/http-exception';
import { problemDetails, type ProblemCode, type ProblemDetails } from './problem.js';

// Core errors a client can cause, and the problem each one becomes.
const CLIENT_ERRORS: Record<string, ProblemCode> = {
  injection_detected: 'injection_detected',
  invalid_template: 'invalid_template',
  preflight: 'preflight',
  invalid_options: 'invalid_options',
  budget_unavailable: 'budget_unavailable',
};

/**
 * The problem body for a thrown value. Core errors a request can cause keep
 * their (redacted) message, which says what to do; anything else becomes a
 * bare `internal` problem, so no stack, message or data leaks to the client.
 */
export function problemFromError(error: unknown): ProblemDetails {
  if (FlotillaError.isInstance(error) && Object.hasOwn(CLIENT_ERRORS, error.code)) {
    return problemDetails(CLIENT_ERRORS[error.code]!, error.message);
  }
  if (error instanceof HTTPException && error.status === 413) {
    return problemDetails('payload_too_large', 'the request body is too large; send fewer or smaller inputs');
  }
  return problemDetails('internal', 'the server failed to handle this request; retry later, and report it if it persists');
}

/** A log-safe one-line description of an unexpected error (name and redacted message). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${redact(error.message).text}`;
  return typeof error;
}
