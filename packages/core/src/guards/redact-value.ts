import { PII_TYPES, type PiiDetector, type PiiValueFinding, type RedactValueOptions, type RedactValueResult } from './pii-types.js';
import { detectorsFor, redactWith } from './redact.js';
import { createPlaceholderBook, type PlaceholderBook } from './redact-placeholders.js';
import { sensitiveKeyMatcher } from './secret-keys.js';

interface Walk {
  readonly book: PlaceholderBook;
  readonly detectors: readonly PiiDetector[];
  readonly isSensitive: (key: string) => boolean;
  readonly maskSecrets: boolean;
  readonly findings: PiiValueFinding[];
  /** Original object -> its redacted copy: cycles and shared references survive the copy. */
  readonly copies: Map<object, unknown>;
}

/**
 * Redact every string in `value` (nested objects, arrays, Maps and Sets, at any
 * depth) and mask whole values under sensitive keys (`password`, `api_key`,
 * `token`, `authorization`, `cookie`, ... see `DEFAULT_SENSITIVE_KEYS`) as
 * `[SECRET_n]`. Returns a copy: the input is never mutated. Numbers,
 * booleans, null and undefined are kept as they are (a number under a
 * sensitive key is masked). Placeholders are shared across all strings of the
 * call: the same email in two fields becomes `[EMAIL_1]` in both. Cycles and
 * shared references are preserved in the copy. Only own enumerable
 * string-keyed properties are copied; Dates, RegExps and binary buffers are
 * kept by reference.
 *
 * @example
 * redactValue({ user: { email: 'ana@example.com', password: 'hunter2' }, visits: 3 });
 * // { value: { user: { email: '[EMAIL_1]', password: '[SECRET_1]' }, visits: 3 },
 * //   findings: [{ type: 'email', path: 'user.email', ... }, { type: 'secret', path: 'user.password', ... }] }
 */
export function redactValue<T>(value: T, options: RedactValueOptions = {}): RedactValueResult<T> {
  // A bare number, boolean, null or undefined has nothing to redact (only a key could make it sensitive).
  if ((value === null || (typeof value !== 'object' && typeof value !== 'string')) && !options.restore) return { value, findings: [] };
  const types = options.types ?? PII_TYPES;
  const walk: Walk = {
    book: createPlaceholderBook(options.placeholder, collectStrings(value)),
    detectors: detectorsFor(options.types),
    isSensitive: sensitiveKeyMatcher(options.sensitiveKeys),
    maskSecrets: types.includes('secret'),
    findings: [],
    copies: new Map(),
  };
  const redacted = visit(value, '', false, walk) as T;
  return options.restore
    ? { value: redacted, findings: walk.findings, restoreMap: walk.book.restoreMap() }
    : { value: redacted, findings: walk.findings };
}

function visit(value: unknown, path: string, sensitive: boolean, walk: Walk): unknown {
  if (typeof value === 'string') return sensitive ? maskSecret(value, path, walk) : redactString(value, path, walk);
  if (typeof value === 'number' || typeof value === 'bigint') return sensitive ? maskSecret(String(value), path, walk) : value;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value;
  const known = walk.copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    walk.copies.set(value, copy);
    value.forEach((item, i) => copy.push(visit(item, join(path, String(i)), sensitive, walk)));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    walk.copies.set(value, copy);
    for (const [key, item] of value) {
      const childSensitive = sensitive || (typeof key === 'string' && walk.maskSecrets && walk.isSensitive(key));
      copy.set(key, visit(item, join(path, String(key)), childSensitive, walk));
    }
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    walk.copies.set(value, copy);
    let i = 0;
    for (const item of value) copy.add(visit(item, join(path, String(i++)), sensitive, walk));
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  walk.copies.set(value, copy);
  for (const key of Object.keys(value)) {
    const childSensitive = sensitive || (walk.maskSecrets && walk.isSensitive(key));
    copy[key] = visit((value as Record<string, unknown>)[key], join(path, key), childSensitive, walk);
  }
  return copy;
}

function redactString(text: string, path: string, walk: Walk): string {
  const result = redactWith(text, walk.book, walk.detectors);
  for (const finding of result.findings) walk.findings.push({ ...finding, path });
  return result.text;
}

function maskSecret(text: string, path: string, walk: Walk): string {
  if (text.length === 0) return text;
  const placeholder = walk.book.placeholderFor('secret', text);
  walk.findings.push({ type: 'secret', start: 0, end: text.length, placeholder, path });
  return placeholder;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** Every string in `value` (to keep new placeholders distinct from text already there). */
function collectStrings(value: unknown): string[] {
  const strings: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      strings.push(current);
    } else if (current !== null && typeof current === 'object' && !seen.has(current)) {
      seen.add(current);
      if (current instanceof Map || current instanceof Set) stack.push(...current.values());
      else for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
    }
  }
  return strings;
}
