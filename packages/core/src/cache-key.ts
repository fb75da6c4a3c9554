import { canonicalJson } from './canonical-json.js';

/** Everything that makes two pieces of work identical. */
export interface CacheKeyParts {
  agent: string;
  version?: string | undefined;
  model?: string | undefined;
  template?: string | undefined;
  input: unknown;
}

/**
 * The cache key of one piece of work: hex SHA-256 (Web Crypto) of the
 * canonical JSON of agent name, version, model, template and input.
 */
export async function cacheKey(parts: CacheKeyParts): Promise<string> {
  const text = canonicalJson([parts.agent, parts.version ?? null, parts.model ?? null, parts.template ?? null, parts.input]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toHex(new Uint8Array(digest));
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}
