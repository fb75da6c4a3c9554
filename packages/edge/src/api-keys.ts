import { InvalidOptionsError } from '@flotilla/core';

// The token syntax of RFC 6750 (what hono's bearerAuth accepts): a key outside
// it could never authenticate, so it is refused up front.
const TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** Shortest API key accepted, in characters: shorter keys can be guessed. */
export const MIN_API_KEY_LENGTH = 16;

/**
 * A short, stable, non-secret id of an API key: the first 16 hex digits of
 * its SHA-256. Logs, rate limits, cache scopes and budgets use it, so the key
 * itself is never written anywhere.
 *
 * @example
 * await apiKeyId('sk-live-0123456789abcdef'); // '3f1c…' (16 hex digits)
 */
export async function apiKeyId(key: string): Promise<string> {
  const digest = await sha256(key);
  return [...digest.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The server's API keys, checked in constant time. Keys are kept as SHA-256
 * digests; a presented token is hashed and compared with every digest
 * without stopping early, so timing reveals neither a key nor which one matched.
 */
export class ApiKeys {
  private readonly digests: Promise<{ id: string; digest: Uint8Array }[]>;

  /** @throws InvalidOptionsError when there is no key, or a key is too short or not a valid bearer token. */
  constructor(keys: readonly string[]) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new InvalidOptionsError('auth.keys is empty: the dispatch API never runs without API keys. Pass auth: { keys: [...] } (e.g. from a FLOTILLA_API_KEYS secret)');
    }
    keys.forEach((key, i) => {
      if (typeof key !== 'string' || key.length < MIN_API_KEY_LENGTH || !TOKEN.test(key)) {
        throw new InvalidOptionsError(`auth.keys[${i}] is not usable: an API key needs at least ${MIN_API_KEY_LENGTH} characters from A-Z a-z 0-9 . _ ~ + / - (e.g. from crypto.randomUUID())`);
      }
    });
    this.digests = Promise.all(keys.map(async (key) => ({ id: await apiKeyId(key), digest: await sha256(key) })));
  }

  /** The id of the key `token` matches, or `undefined`. */
  async verify(token: string): Promise<string | undefined> {
    const presented = await sha256(token);
    let match: string | undefined;
    for (const { id, digest } of await this.digests) {
      if (sameBytes(presented, digest)) match = id;
    }
    return match;
  }
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** Constant-time comparison of two digests of equal length. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ (b[i] ?? 0);
  return difference === 0;
}
