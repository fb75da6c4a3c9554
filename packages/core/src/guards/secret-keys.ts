/**
 * Property names whose values `redactValue` masks whole, as `secret`.
 * Compared case-insensitively, ignoring `-`, `_` and spaces: `API-Key`,
 * `api_key` and `apiKey` all match `apikey`. Exact names only: `tokens`
 * (a usage count) or `password_hint` are not sensitive.
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password', 'passwd', 'pwd', 'passphrase', 'api_key', 'apikey', 'x-api-key', 'token', 'access_token',
  'refresh_token', 'id_token', 'auth_token', 'session_token', 'bearer_token', 'secret', 'client_secret',
  'secret_key', 'secret_access_key', 'aws_secret_access_key', 'private_key', 'authorization',
  'proxy-authorization', 'cookie', 'set-cookie', 'session_id', 'sessionid', 'csrf_token', 'xsrf_token',
  'pin', 'pin_code', 'passcode', 'cvv', 'cvc', 'otp', 'connection_string', 'webhook_url', 'npm_token',
];

/** Normalize a property name for comparison with sensitive keys. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** Build a membership test over `keys` (default {@link DEFAULT_SENSITIVE_KEYS}). */
export function sensitiveKeyMatcher(keys: readonly string[] = DEFAULT_SENSITIVE_KEYS): (key: string) => boolean {
  if (keys === DEFAULT_SENSITIVE_KEYS) return isDefaultSensitive;
  const normalized = new Set(keys.map(normalizeKey));
  return (key) => normalized.has(normalizeKey(key));
}

// Built once: redactValue runs on every output of a dispatch.
const DEFAULT_NORMALIZED = new Set(DEFAULT_SENSITIVE_KEYS.map(normalizeKey));
const isDefaultSensitive = (key: string) => DEFAULT_NORMALIZED.has(normalizeKey(key));
