/**
 * Text folded for injection matching, with a map back to the original.
 * `starts[i]` and `ends[i]` are the original UTF-16 range that produced
 * `text[i]`, so a match in `text` can be reported in the caller's text.
 */
export interface FoldedText {
  /** Folded text: compatibility-decomposed, diacritics and invisible characters removed, lower case, whitespace collapsed. */
  readonly text: string;
  /** Original start index of each folded UTF-16 unit. */
  readonly starts: readonly number[];
  /** Original end index (exclusive) of each folded UTF-16 unit. */
  readonly ends: readonly number[];
}

// Look-alike letters from other scripts that attackers use to dodge keyword
// filters ("ignоre" with a Cyrillic о), and typographic quotes.
const CONFUSABLES: Readonly<Record<string, string>> = {
  'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j',
  'ѕ': 's', 'ԁ': 'd', 'к': 'k', 'ɡ': 'g', 'ο': 'o', 'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k',
  'ν': 'v', 'ρ': 'p', 'τ': 't', 'υ': 'u', 'χ': 'x', '‘': "'", '’': "'", '‚': "'", '‛': "'",
  '“': '"', '”': '"', '„': '"', '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', 'ı': 'i',
  // Letters NFKD leaves whole: Polish, Vietnamese, Nordic.
  'ł': 'l', 'đ': 'd', 'ø': 'o',
};

const DROPPED = /^[\p{Cf}\p{M}]+$/u;
const MARKS = /\p{M}/gu;
const SPACE = /^\s$/u;
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
const FOLD_CACHE = new Map<number, string>();
const FOLD_CACHE_LIMIT = 4096;

/**
 * Fold `source` for keyword matching: NFKD compatibility decomposition (so
 * full-width, ligature and mathematical letters become plain letters),
 * diacritics and format characters (zero-width, bidi, tags, variation
 * selectors) removed, lower case, common homoglyphs mapped to Latin, and every
 * whitespace run collapsed to one space (or one newline when it holds a line
 * break, so line-start rules still work). Runs in one linear pass.
 */
export function foldForMatching(source: string): FoldedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const next = i + width;
    if (cp === 0x20 || (cp < 0x80 ? cp >= 0x09 && cp <= 0x0d : cp !== 0xfeff && SPACE.test(String.fromCodePoint(cp)))) {
      const kind = LINE_BREAKS.has(cp) ? '\n' : ' ';
      const last = text.length - 1;
      if (last >= 0 && (text[last] === ' ' || text[last] === '\n')) {
        if (kind === '\n' && text[last] === ' ') text = text.slice(0, last) + '\n';
        ends[last] = next;
      } else {
        text += kind;
        starts.push(i);
        ends.push(next);
      }
    } else {
      const folded = cp < 0x80 ? foldAscii(cp) : foldCodePoint(cp);
      for (let k = 0; k < folded.length; k++) {
        starts.push(i);
        ends.push(next);
      }
      text += folded;
    }
    i = next;
  }
  return { text, starts, ends };
}

function foldAscii(cp: number): string {
  return String.fromCharCode(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp);
}

function foldCodePoint(cp: number): string {
  const cached = FOLD_CACHE.get(cp);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(cp);
  let folded: string;
  if (DROPPED.test(char) || (cp >= 0xe0000 && cp <= 0xe0fff)) {
    folded = '';
  } else {
    folded = char.normalize('NFKD').toLowerCase().normalize('NFKD').replace(MARKS, '');
    folded = [...folded].map((c) => CONFUSABLES[c] ?? c).join('');
  }
  if (FOLD_CACHE.size < FOLD_CACHE_LIMIT) FOLD_CACHE.set(cp, folded);
  return folded;
}

/**
 * Fold the non-ASCII letters of a regex source the way {@link foldForMatching}
 * folds text, so a pattern written in Russian, Japanese or Hindi matches the
 * folded text (Cyrillic look-alikes mapped, marks such as dakuten or matras
 * removed, Hangul decomposed). ASCII (the regex syntax) is left as it is.
 */
export function foldPattern(source: string): string {
  let out = '';
  for (const char of source) {
    const cp = char.codePointAt(0)!;
    out += cp < 0x80 ? char : foldCodePoint(cp);
  }
  return out;
}
