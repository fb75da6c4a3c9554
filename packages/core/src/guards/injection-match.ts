import { eachMatch } from './each-match.js';
import type { FoldedText } from './injection-normalize.js';
import { INJECTION_PATTERNS, type InjectionMatch, type InjectionPattern } from './injection-rules.js';

/**
 * Run the phrase rules over folded text and map every hit back to `original`
 * (the text that was folded). `only` restricts the rules that run;
 * `patterns` replaces them (default: every phrase rule).
 */
export function matchPhrases(
  folded: FoldedText,
  original: string,
  only: (pattern: InjectionPattern) => boolean = () => true,
  patterns: readonly InjectionPattern[] = INJECTION_PATTERNS,
): InjectionMatch[] {
  const matches: InjectionMatch[] = [];
  for (const entry of patterns) {
    if (!only(entry)) continue;
    eachMatch(entry.pattern, folded.text, (hit) => {
      // The whole range: in a reversed view the first folded unit maps to the last original one.
      let start = Infinity;
      let end = -Infinity;
      for (let k = hit.index; k < hit.index + hit[0].length; k++) {
        start = Math.min(start, folded.starts[k]!);
        end = Math.max(end, folded.ends[k]!);
      }
      const text = original.slice(start, end);
      if (!entry.accept || entry.accept(text)) matches.push({ rule: entry.rule, match: text, index: start });
    });
  }
  return matches;
}
