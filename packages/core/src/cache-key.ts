import { canonicalJson } from './canonical-json.js';

/** Everything that makes two pieces of work identical. */
export interface CacheKeyParts {
  /** The agent's name. */
  agent: string;
  /** The agent's version, when it has one. */
  version?: string | undefined;
  /** The model the agent calls, when it names one. */
  model?: string | undefined;
  /** The dispatch template's source, when there is one. */
  template?: string | undefined;
  /** The input itself (any JSON-compatible value). */
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
