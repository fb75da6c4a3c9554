import { AbortedError, FlotillaError } from '@flotilla/core';

/**
 * The error a wait rejects with when `signal` aborts, the way core's policies
 * do it: a `FlotillaError` reason passes through (a run's stop keeps its own
 * code), anything else becomes an `AbortedError` caused by the reason.
 */
export function abortErrorOf(signal: AbortSignal): FlotillaError {
  const reason: unknown = signal.reason;
  if (reason instanceof FlotillaError) return reason;
  const error = new AbortedError('the wait was aborted by its signal');
  if (reason !== undefined) error.cause = reason;
  return error;
}
