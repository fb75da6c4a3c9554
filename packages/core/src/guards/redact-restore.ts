import type { RestoreMap } from './pii-types.js';

/**
 * Undo a redaction: replace every placeholder of `map` (from `redact` or
 * `redactValue` with `restore: true`) in `text` with its original value, in
 * one pass. Placeholders the map does not know are left as they are.
 *
 * @example
 * const { text, restoreMap } = redact('Mail ana@example.com', { restore: true });
 * restore(text, restoreMap!); // 'Mail ana@example.com'
 */
export function restore(text: string, map: RestoreMap): string {
  return restoreWith(text, map, patternFor(map));
}

function restoreWith(text: string, map: RestoreMap, pattern: RegExp | null): string {
  return pattern ? text.replace(pattern, (placeholder) => map[placeholder] ?? placeholder) : text;
}

/**
 * {@link restore} applied to every string in a nested value, property names
 * and Map keys included; returns a copy. Cycles, shared references, Maps and
 * Sets survive; any depth works (an explicit stack, not recursion).
 */
export function restoreValue<T>(value: T, map: RestoreMap): T {
  const copies = new Map<object, unknown>();
  const pattern = patternFor(map);
  const text = (s: string): string => restoreWith(s, map, pattern);
  let result: unknown;
  type Task = { value: unknown; assign: (v: unknown) => void } | (() => void);
  const stack: Task[] = [{ value, assign: (v) => (result = v) }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (typeof task === 'function') {
      task();
      continue;
    }
    const { value: current, assign } = task;
    if (typeof current === 'string') {
      assign(text(current));
      continue;
    }
    if (current === null || typeof current !== 'object' || current instanceof Date || current instanceof RegExp || current instanceof ArrayBuffer || ArrayBuffer.isView(current)) {
      assign(current);
      continue;
    }
    const known = copies.get(current);
    if (known !== undefined) {
      assign(known);
      continue;
    }
    const children: Task[] = [];
    if (Array.isArray(current)) {
      const copy = new Array<unknown>(current.length);
      copies.set(current, copy);
      current.forEach((item, i) => children.push({ value: item, assign: (v) => (copy[i] = v) }));
      assign(copy);
    } else if (current instanceof Map) {
      const copy = new Map<unknown, unknown>();
      copies.set(current, copy);
      for (const [key, item] of current) {
        const restoredKey = typeof key === 'string' ? text(key) : key;
        copy.set(restoredKey, undefined);
        children.push({ value: item, assign: (v) => copy.set(restoredKey, v) });
      }
      assign(copy);
    } else if (current instanceof Set) {
      const copy = new Set<unknown>();
      copies.set(current, copy);
      const items: unknown[] = [];
      stack.push(() => items.forEach((item) => copy.add(item)));
      [...current].forEach((item, i) => children.push({ value: item, assign: (v) => (items[i] = v) }));
      assign(copy);
    } else {
      const copy = Object.create(Object.getPrototypeOf(current) as object | null) as Record<string, unknown>;
      copies.set(current, copy);
      for (const key of Object.keys(current)) {
        const restoredKey = text(key);
        copy[restoredKey] = undefined;
        children.push({ value: (current as Record<string, unknown>)[key], assign: (v) => (copy[restoredKey] = v) });
      }
      assign(copy);
    }
    for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
  }
  return result as T;
}

function patternFor(map: RestoreMap): RegExp | null {
  // Longest first, so a placeholder that is a prefix of another never wins.
  const keys = Object.keys(map).sort((a, b) => b.length - a.length);
  return keys.length === 0 ? null : new RegExp(keys.map(escape).join('|'), 'g');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

