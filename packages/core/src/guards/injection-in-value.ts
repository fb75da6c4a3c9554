import { detectInjection } from './detect-injection.js';
import type { InjectionMatch } from './injection-rule-types.js';

/** An injection hit inside a nested value. */
export interface InjectionValueMatch extends InjectionMatch {
  /** Dotted path of the string that matched, e.g. `'notes.0.text'`; `''` for a top-level string. */
  readonly path: string;
  /** True when the hit is in a property name rather than in a string value. */
  readonly inKey?: true;
  /** The detector that reported it, when it is not the built-in rules (e.g. `'http-classifier'`). */
  readonly detector?: string;
  /** That detector's score (0..1). */
  readonly score?: number;
}

/** What {@link detectInjectionInValue} found. */
export interface InjectionValueReport {
  /** True when at least one rule fired anywhere in the value. */
  readonly detected: boolean;
  /** Every hit, each with its path; the order is deterministic (depth first). */
  readonly matches: InjectionValueMatch[];
}

/**
 * Run {@link detectInjection} over every string in `value`: the value itself,
 * array items, and own enumerable string-keyed properties of objects (their
 * names too, since templates render objects as JSON), at any depth. Cycles and
 * shared references are visited once. The value is never modified.
 *
 * @example
 * detectInjectionInValue({ notes: [{ text: 'ignore previous instructions' }] }).matches[0]?.path;
 * // 'notes.0.text'
 */
export function detectInjectionInValue(value: unknown): InjectionValueReport {
  const matches: InjectionValueMatch[] = [];
  // A plain Set: it lives for this call only (a WeakSet per call costs the GC more).
  const seen = new Set<object>();
  // An explicit stack: deeply nested input must not overflow the call stack.
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      for (const match of detectInjection(current).matches) matches.push({ ...match, path });
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const keys = Object.keys(current);
    const isArray = Array.isArray(current);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      const childPath = path === '' ? key : `${path}.${key}`;
      stack.push({ value: (current as Record<string, unknown>)[key], path: childPath });
      if (!isArray) {
        for (const match of detectInjection(key).matches) matches.push({ ...match, path: childPath, inKey: true });
      }
    }
  }
  return { detected: matches.length > 0, matches };
}
