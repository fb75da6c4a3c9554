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
 * shared references are preserved in the copy, and so are Maps and Sets.
 * Property names and Map keys are redacted too (a secret used as a key), and
 * such findings carry `inKey: true`. Any depth works: the walk uses an
 * explicit stack, not recursion. Only own enumerable string-keyed properties
 * are copied; Dates, RegExps and binary buffers are kept by reference.
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
  const redacted = walkValue(value, walk) as T;
  return options.restore
    ? { value: redacted, findings: walk.findings, restoreMap: walk.book.restoreMap() }
    : { value: redacted, findings: walk.findings };
}

/** One step of the walk: produce the redacted form of `value` and hand it to `assign`. */
interface Task {
  readonly value: unknown;
  readonly path: string;
  readonly sensitive: boolean;
  readonly assign: (redacted: unknown) => void;
}

/**
 * Depth first, in key order, with an explicit stack: a 20,000-level object
 * costs heap, never the call stack. A task's children are pushed in reverse
 * so they run in order, before the task's next sibling (placeholders are
 * numbered in reading order).
 */
function walkValue(root: unknown, walk: Walk): unknown {
  let result: unknown;
  const stack: Array<Task | (() => void)> = [{ value: root, path: '', sensitive: false, assign: (v) => (result = v) }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (typeof task === 'function') {
      task();
      continue;
    }
    const children = step(task, walk, stack);
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
  return result;
}

/** Redact a leaf at once, or copy a container and return the tasks that fill the copy. */
function step(task: Task, walk: Walk, stack: Array<Task | (() => void)>): Task[] {
  const { value, path, sensitive, assign } = task;
  if (typeof value === 'string') {
    assign(sensitive ? maskSecret(value, path, walk) : redactString(value, path, walk));
    return [];
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    assign(sensitive ? maskSecret(String(value), path, walk) : value);
    return [];
  }
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    assign(value);
    return [];
  }
  const known = walk.copies.get(value);
  if (known !== undefined) {
    assign(known);
    return [];
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    walk.copies.set(value, copy);
    assign(copy);
    return value.map((item, i) => ({ value: item, path: join(path, String(i)), sensitive, assign: (v: unknown) => (copy[i] = v) }));
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    walk.copies.set(value, copy);
    assign(copy);
    const tasks: Task[] = [];
    for (const [key, item] of value) {
      const childSensitive = sensitive || (typeof key === 'string' && walk.maskSecrets && walk.isSensitive(key));
      const newKey = typeof key === 'string' ? redactKey(key, path, walk) : key;
      copy.set(newKey, undefined);
      tasks.push({ value: item, path: join(path, String(newKey)), sensitive: childSensitive, assign: (v) => copy.set(newKey, v) });
    }
    return tasks;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    walk.copies.set(value, copy);
    assign(copy);
    const items: unknown[] = [];
    // Runs after every item is redacted: a Set keeps its order only if filled in one go.
    stack.push(() => items.forEach((item) => copy.add(item)));
    let i = 0;
    return [...value].map((item) => {
      const at = i++;
      return { value: item, path: join(path, String(at)), sensitive, assign: (v: unknown) => (items[at] = v) };
    });
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  walk.copies.set(value, copy);
  assign(copy);
  return Object.keys(value).map((key) => {
    const childSensitive = sensitive || (walk.maskSecrets && walk.isSensitive(key));
    const newKey = redactKey(key, path, walk);
    copy[newKey] = undefined;
    return { value: (value as Record<string, unknown>)[key], path: join(path, newKey), sensitive: childSensitive, assign: (v: unknown) => (copy[newKey] = v) };
  });
}

/** A property name can hold a secret too (`{ "sk-...": true }`): redact it, and report it as a key finding. */
function redactKey(key: string, path: string, walk: Walk): string {
  const result = redactWith(key, walk.book, walk.detectors);
  if (result.findings.length === 0) return key;
  const at = join(path, result.text);
  for (const finding of result.findings) walk.findings.push({ ...finding, path: at, inKey: true });
  return result.text;
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
      if (current instanceof Map) {
        for (const [key, item] of current) stack.push(key, item);
      } else if (current instanceof Set) {
        for (const item of current) stack.push(item);
      } else {
        for (const key of Object.keys(current)) stack.push(key, (current as Record<string, unknown>)[key]);
      }
    }
  }
  return strings;
}
