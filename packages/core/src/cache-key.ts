import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './sha256.js';

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
 * The cache key of one piece of work: hex SHA-256 of the canonical JSON of
 * agent name, version, model, template and input. Computed synchronously
 * (the same digest Web Crypto gives), so keys cost microseconds and items
 * keep their order on the way to their agents.
 *
 * @example
 * ```ts
 * const key = cacheKey({ agent: 'classify', model: 'gpt-4o-mini', template: 'Classify: {text}', input: { text: 'taxi' } });
 * key.length; // 64 hex characters; another model, template or input gives another key
 * ```
 */
export function cacheKey(parts: CacheKeyParts): string {
  return cacheKeyFor(parts)(parts.input);
}

/**
 * The cache key function of one piece of work for many inputs (the one
 * definition of the key: {@link cacheKey} calls it), with the canonical JSON
 * of agent, version, model and template written once instead of per input.
 */
export function cacheKeyFor(work: Omit<CacheKeyParts, 'input'>): (input: unknown) => string {
  const prefix = canonicalJson([work.agent, work.version ?? null, work.model ?? null, work.template ?? null]).slice(0, -1);
  // In an array, a value JSON cannot write (undefined, a function) is written as null.
  return (input) => sha256Hex(`${prefix},${canonicalJson(input) ?? 'null'}]`);
}
