import { canonicalJson } from './canonical-json.js';
import { canonicalKey } from './canonical-key.js';
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
  /** The input itself: any value {@link canonicalKey} can encode (JSON values, bigint, Date, Map, Set, typed arrays...). */
  input: unknown;
}

/**
 * The cache key of one piece of work: hex SHA-256 of the canonical encoding
 * ({@link canonicalKey}) of agent name, version, model, template and input.
 * The encoding is injective, so inputs with different meaning (`1n` and
 * `"1"`, two different Maps, `NaN` and `null`) never share a key. Computed
 * synchronously (the same digest Web Crypto gives), so keys cost
 * microseconds and items keep their order on the way to their agents.
 *
 * @throws UncacheableValueError when the input cannot be encoded faithfully
 * (functions, symbols, cycles, class instances); `dispatch` runs such inputs
 * uncached, with one `uncacheable_input` warning.
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
  const text = canonicalWorkFor(work);
  return (input) => sha256Hex(text(input));
}

/**
 * The canonical text of one piece of work for many inputs: what
 * {@link cacheKeyFor} hashes. Injective like {@link canonicalKey}; it always
 * starts with `[`, so it never equals a hex key.
 */
export function canonicalWorkFor(work: Omit<CacheKeyParts, 'input'>): (input: unknown) => string {
  const prefix = workText(work).slice(0, -1);
  return (input) => `${prefix},${canonicalKey(input)}]`;
}

/** The canonical text of a piece of work without its input: the name of its key space in a memory cache. */
export function workText(work: Omit<CacheKeyParts, 'input'>): string {
  return canonicalJson([work.agent, work.version ?? null, work.model ?? null, work.template ?? null]);
}

/**
 * Longest canonical text of an input a memory cache is keyed by as it is;
 * a longer one is keyed by its SHA-256. Hashing a short key costs more than
 * the text saves: about 1 µs per item, most of a warm hit.
 */
export const MEMORY_KEY_MAX_LENGTH = 256;

/**
 * The key of `input` within its work's key space of a memory cache: the
 * number itself for a number other than -0 (a `Map` tells every other
 * number apart, and a number never equals a string), else the input's
 * canonical text when it is at most {@link MEMORY_KEY_MAX_LENGTH}
 * characters, else `#` and its SHA-256 (no canonical text starts with `#`).
 * Injective like {@link canonicalKey}. A number key skips the text, and a
 * `Map` hashes it without reading a string; neither form repeats the work's
 * text, which names the key space instead (see the makespan scenario of
 * apps/bench for what the default cache costs per item against `cache: false`).
 *
 * @throws UncacheableValueError as {@link canonicalKey} does.
 */
export function memoryKeyOf(input: unknown): number | string {
  if (typeof input === 'number' && !Object.is(input, -0)) return input;
  const canonical = canonicalKey(input);
  return canonical.length <= MEMORY_KEY_MAX_LENGTH ? canonical : `#${sha256Hex(canonical)}`;
}
