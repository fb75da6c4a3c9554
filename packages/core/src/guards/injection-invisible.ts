/** A run of invisible characters that can smuggle instructions past a reader. */
export interface InvisibleRun {
  /** Index of the first character of the run in the scanned text (UTF-16 units). */
  readonly index: number;
  /** The run itself, exactly as it appears in the text. */
  readonly match: string;
}

const CANDIDATE = /[\u180E\u200B-\u200D\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]|\uDB40[\uDC00-\uDDEF]/;
const JOINER_NEIGHBOUR = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const LATIN = /^\p{Script=Latin}$/u;
const HAN = /^\p{Script=Han}$/u;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

/**
 * Find runs of invisible characters used to hide text from a human reviewer:
 * zero-width spaces and joiners, word joiners and invisible operators, bidi
 * embeddings, overrides and isolates, a byte-order mark past the start,
 * Unicode tag characters (U+E0000..E007F) and variation-selector runs.
 * Legitimate uses are left alone: a joiner inside an emoji sequence or between
 * letters of a non-Latin script (Persian, Indic), a tag sequence of a
 * subdivision flag emoji, a single emoji variation selector, an ideographic
 * variation selector after a Han character.
 */
export function findInvisibleRuns(text: string): InvisibleRun[] {
  if (!CANDIDATE.test(text)) return [];
  const runs: InvisibleRun[] = [];
  let runStart = -1;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const flagEnd = cp === BLACK_FLAG ? flagTagSequenceEnd(text, i + width) : -1;
    if (flagEnd > 0) {
      runStart = closeRun(text, runs, runStart, i);
      i = flagEnd;
      continue;
    }
    if (isSmuggling(text, cp, i, width)) {
      if (runStart < 0) runStart = i;
    } else {
      runStart = closeRun(text, runs, runStart, i);
    }
    i += width;
  }
  closeRun(text, runs, runStart, text.length);
  return runs;
}

function closeRun(text: string, runs: InvisibleRun[], runStart: number, end: number): number {
  if (runStart >= 0) runs.push({ index: runStart, match: text.slice(runStart, end) });
  return -1;
}

function isSmuggling(text: string, cp: number, i: number, width: number): boolean {
  if (cp === 0x200b || cp === 0x180e || (cp >= 0x2060 && cp <= 0x206f) || (cp >= 0x202a && cp <= 0x202e)) return true;
  if (cp === 0xfeff) return i > 0;
  if (cp >= 0xe0000 && cp <= 0xe007f) return true;
  if (cp === 0x200c || cp === 0x200d) return !isLegitimateJoiner(text, i, width);
  if (cp >= 0xfe00 && cp <= 0xfe0f) return isSelector(text.codePointAt(i - 1)) || isSelector(text.codePointAt(i + width));
  if (cp >= 0xe0100 && cp <= 0xe01ef) return !isHanBefore(text, i);
  return false;
}

function isLegitimateJoiner(text: string, i: number, width: number): boolean {
  const before = charBefore(text, i);
  const after = charAt(text, i + width);
  return before !== undefined && after !== undefined && isJoinable(before) && isJoinable(after);
}

function isJoinable(char: string): boolean {
  return JOINER_NEIGHBOUR.test(char) || (LETTER_OR_MARK.test(char) && !LATIN.test(char));
}

function isSelector(cp: number | undefined): boolean {
  return cp !== undefined && cp >= 0xfe00 && cp <= 0xfe0f;
}

function isHanBefore(text: string, i: number): boolean {
  // Several ideographic selectors in a row are smuggling, not a glyph variant.
  const before = charBefore(text, i);
  return before !== undefined && HAN.test(before);
}

/** End index of a valid `U+1F3F4 tag... U+E007F` flag sequence starting at `from`, or -1. */
function flagTagSequenceEnd(text: string, from: number): number {
  let i = from;
  let tags = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    if (cp === CANCEL_TAG) return tags > 0 && tags <= 7 ? i + 2 : -1;
    if (cp < 0xe0020 || cp > 0xe007e) return -1;
    tags++;
    i += 2;
  }
  return -1;
}

function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 ? i - 2 : i - 1;
  return String.fromCodePoint(text.codePointAt(start)!);
}

function charAt(text: string, i: number): string | undefined {
  return i < text.length ? String.fromCodePoint(text.codePointAt(i)!) : undefined;
}
