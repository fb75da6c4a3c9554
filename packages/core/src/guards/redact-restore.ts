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

/** {@link restore} applied to every string in a nested value; returns a copy, cycle-safe. */
export function restoreValue<T>(value: T, map: RestoreMap): T {
  const copies = new Map<object, unknown>();
  const pattern = patternFor(map);
  const visit = (current: unknown): unknown => {
    if (typeof current === 'string') return restoreWith(current, map, pattern);
    if (current === null || typeof current !== 'object') return current;
    const known = copies.get(current);
    if (known !== undefined) return known;
    if (Array.isArray(current)) {
      const copy: unknown[] = [];
      copies.set(current, copy);
      for (const item of current) copy.push(visit(item));
      return copy;
    }
    const copy = Object.create(Object.getPrototypeOf(current) as object | null) as Record<string, unknown>;
    copies.set(current, copy);
    for (const key of Object.keys(current)) copy[key] = visit((current as Record<string, unknown>)[key]);
    return copy;
  };
  return visit(value) as T;
}

function patternFor(map: RestoreMap): RegExp | null {
  // Longest first, so a placeholder that is a prefix of another never wins.
  const keys = Object.keys(map).sort((a, b) => b.length - a.length);
  return keys.length === 0 ? null : new RegExp(keys.map(escape).join('|'), 'g');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

