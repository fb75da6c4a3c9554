import { AgentError, RateLimitedError, retryAfterMs } from '@flotilla/core';
import { APICallError, RetryError } from 'ai';

/**
 * Map an error thrown by an AI SDK call onto Flotilla's: HTTP 429 becomes a
 * retryable `RateLimitedError` with the response's retry-after; a 5xx, 408,
 * or any call the SDK marks retryable (a network failure) a retryable
 * `AgentError` with the retry-after; any other API error a non-retryable
 * `AgentError` with the provider's message. Other errors (a failed schema
 * validation, a bug) are returned as they are: they fail the item as
 * `agent_error`, not retried.
 *
 * @param label names the model in messages, e.g. `openai.chat/gpt-4o-mini`.
 * @param nowMs the wall time for HTTP-date retry-after values, in ms since the epoch.
 */
export function fromAiSdkError(error: unknown, label: string, nowMs: number = Date.now()): unknown {
  // With maxRetries: 0 the SDK throws the call's error itself, but unwrap a RetryError in case.
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (!APICallError.isInstance(cause)) return cause;
  const status = cause.statusCode;
  const wait = cause.responseHeaders ? retryAfterMs(new Headers(cause.responseHeaders), nowMs) : undefined;
  const after = wait === undefined ? {} : { retryAfterMs: wait };
  const what = `${label}${status === undefined ? '' : ` (HTTP ${status})`}: ${cause.message}`;
  if (status === 429) {
    return new RateLimitedError(`${what}; the provider rate-limited the call: lower concurrency or set a requests-per-second limit`, { ...after, cause });
  }
  if ((status !== undefined && (status >= 500 || status === 408)) || cause.isRetryable) {
    return new AgentError(`${what}; the call may succeed if retried`, { retryable: true, ...after, cause });
  }
  return new AgentError(`${what}; the provider refused the call, check the API key, the model id and the settings`, { retryable: false, cause });
}
