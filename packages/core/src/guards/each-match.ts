/**
 * Call `visit` for each match of the global regex `pattern` in `text`, like
 * `text.matchAll(pattern)` without its cost: `matchAll` clones the regex and
 * allocates an iterator per call, and the guards call it for every rule on
 * every string of every input. Safe to nest (the position is kept here, and
 * `pattern.lastIndex` is restored); empty matches are skipped. Return `false` from
 * `visit` to stop early.
 */
export function eachMatch(pattern: RegExp, text: string, visit: (match: RegExpExecArray) => boolean | void): void {
  const before = pattern.lastIndex;
  try {
    let from = 0;
    while (from <= text.length) {
      pattern.lastIndex = from;
      const match = pattern.exec(text);
      if (match === null) return;
      const end = match.index + match[0].length;
      if (end === match.index) {
        // An empty match: step over one code point, as matchAll does under the `u` flag.
        from = end + ((text.codePointAt(end) ?? 0) > 0xffff && pattern.unicode ? 2 : 1);
        continue;
      }
      if (visit(match) === false) return;
      from = end;
    }
  } finally {
    // Leave the regex as it was found, for anyone else who uses it.
    pattern.lastIndex = before;
  }
}
