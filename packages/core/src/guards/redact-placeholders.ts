import type { PiiType, RestoreMap } from './pii-types.js';

/** The default placeholder: `[EMAIL_1]`, `[CREDIT_CARD_2]`, `[URL_CREDENTIALS_1]`. */
export function defaultPlaceholder(type: PiiType, n: number): string {
  return `[${type.toUpperCase()}_${n}]`;
}

/**
 * Hands out placeholders for one redaction call: the same value of the same
 * type always gets the same placeholder, numbers count up per type from 1, and
 * a placeholder that already occurs in the input is skipped, so `restore` can
 * never confuse the caller's own text with a redaction.
 */
export interface PlaceholderBook {
  /** The placeholder for `original` of kind `type`. */
  placeholderFor(type: PiiType, original: string): string;
  /** Placeholder -> original, for every placeholder handed out. */
  restoreMap(): RestoreMap;
}

/** Create a book for one call; `sources` are the input strings (to avoid numbers already in use). */
export function createPlaceholderBook(
  format: (type: PiiType, n: number) => string = defaultPlaceholder,
  sources: readonly string[] = [],
): PlaceholderBook {
  const byValue = new Map<string, string>();
  const counters = new Map<PiiType, number>();
  const map: RestoreMap = {};
  const used = (candidate: string): boolean => candidate in map || sources.some((source) => source.includes(candidate));
  return {
    placeholderFor(type, original) {
      const key = `${type}\u0000${original}`;
      const known = byValue.get(key);
      if (known !== undefined) return known;
      let n = counters.get(type) ?? 0;
      let placeholder: string;
      do placeholder = format(type, ++n);
      while (used(placeholder));
      counters.set(type, n);
      byValue.set(key, placeholder);
      map[placeholder] = original;
      return placeholder;
    },
    restoreMap: () => ({ ...map }),
  };
}
