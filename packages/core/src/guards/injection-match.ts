import { eachMatch } from './each-match.js';
import type { FoldedText } from './injection-normalize.js';
import { INJECTION_PATTERNS, type InjectionMatch, type InjectionPattern } from './injection-rules.js';

/**
 * Run the phrase rules over folded text and map every hit back to `original`
 * (the text that was folded). `only` restricts the rules that run.
 */
export function matchPhrases(
  folded: FoldedText,
  original: string,
  only: (pattern: InjectionPattern) => boolean = () => true,
): InjectionMatch[] {
  const matches: InjectionMatch[] = [];
  for (const entry of INJECTION_PATTERNS) {
    if (!only(entry)) continue;
    eachMatch(entry.pattern, folded.text, (hit) => {
      const start = folded.starts[hit.index]!;
      const end = folded.ends[hit.index + hit[0].length - 1]!;
      const text = original.slice(start, end);
      if (!entry.accept || entry.accept(text)) matches.push({ rule: entry.rule, match: text, index: start });
    });
  }
  return matches;
}
