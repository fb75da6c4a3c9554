import { detectInjection } from './detect-injection.js';
import type { InjectionDetector } from './injection-detector.js';

/**
 * The built-in rules as an {@link InjectionDetector}: synchronous, score 1
 * when any rule fires (0 otherwise), one span per match labelled with its
 * rule id. Rules are a first line, not a guarantee: combine with a classifier
 * for text they do not know.
 */
export const ruleInjectionDetector: InjectionDetector = Object.freeze({
  name: 'rules',
  detect(text: string) {
    const report = detectInjection(text);
    return {
      score: report.detected ? 1 : 0,
      spans: report.matches.map((match) => ({ start: match.index, end: match.index + match.match.length, label: match.rule })),
    };
  },
});
