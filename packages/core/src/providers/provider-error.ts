import { AgentError, RateLimitedError } from '../errors.js';
import { retryAfterMs } from './retry-after.js';

/**
 * Turn a failed HTTP response from a model provider into the error an agent
 * throws: 429 becomes a retryable `RateLimitedError`, 5xx (and 408) a
 * retryable `AgentError`, both carrying the provider's retry-after; any other
 * status a non-retryable `AgentError` with the provider's own message.
 *
 * @param provider a label for messages, e.g. `"openai-compatible (gpt-4o-mini)"`.
 */
export async function errorFromResponse(response: Response, provider: string): Promise<Error> {
  const detail = await providerMessage(response);
  const wait = retryAfterMs(response.headers);
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (response.status === 429) {
    return new RateLimitedError(`${provider} rate-limited the call (${status}): ${detail}; lower concurrency or set a requests-per-second limit`, {
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  if (response.status >= 500 || response.status === 408) {
    return new AgentError(`${provider} failed with ${status}: ${detail}; the call may succeed if retried`, {
      retryable: true,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    });
  }
  return new AgentError(`${provider} refused the call with ${status}: ${detail}${hint(response.status)}`, { retryable: false });
}

/** The provider's error message: OpenAI's `{ error: { message } }` shape, else the start of the body. */
async function providerMessage(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '(no readable body)';
  }
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.error?.message === 'string') return body.error.message;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function hint(status: number): string {
  if (status === 401 || status === 403) return '; check the API key (OPENAI_API_KEY or FLOTILLA_API_KEY)';
  if (status === 404) return '; check baseURL (it should end with /v1 for OpenAI) and the model name';
  return '';
}
