import { foldPattern } from './injection-normalize.js';
import type { InjectionPattern } from './injection-rule-types.js';
import { DELIMITER_PATTERNS } from './injection-rules-delimiter.js';
import { ENCODED_PATTERNS } from './injection-rules-encoded.js';
import { IGNORE_PATTERNS } from './injection-rules-ignore.js';
import { GOAL_HIJACK_PATTERNS, INDIRECT_PATTERNS, REVEAL_PARAPHRASE_PATTERNS } from './injection-rules-indirect.js';
import { JAILBREAK_PATTERNS } from './injection-rules-jailbreak.js';
import { IGNORE_LANGUAGES, REVEAL_LANGUAGES, ROLE_LANGUAGES } from './injection-rules-languages.js';
import { REVEAL_PATTERNS } from './injection-rules-reveal.js';
import { ROLE_PATTERNS } from './injection-rules-role.js';
import { alt } from './injection-regex.js';

// The rule tables live in one module per family (injection-rules-<family>.ts), the
// non-Western-European languages in injection-rules-languages.ts and the indirect and
// paraphrased ones in injection-rules-indirect.ts; this module compiles them all.
export type { InjectionMatch, InjectionPattern, InjectionRuleId } from './injection-rule-types.js';

// Non-ASCII letters in a pattern are folded like the text they are matched against.
const compile = (source: string): RegExp => new RegExp(foldPattern(source), 'gmu');

/** Every phrase pattern, compiled once at module load. */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  ...[...IGNORE_PATTERNS, ...IGNORE_LANGUAGES].map((source) => ({ rule: 'ignore_instructions' as const, pattern: compile(source) })),
  ...[...ROLE_PATTERNS, ...ROLE_LANGUAGES].map((source) => ({ rule: 'role_switch' as const, pattern: compile(source) })),
  ...[...REVEAL_PATTERNS, ...REVEAL_LANGUAGES, ...REVEAL_PARAPHRASE_PATTERNS].map((source) => ({ rule: 'reveal_prompt' as const, pattern: compile(source) })),
  ...GOAL_HIJACK_PATTERNS.map((source) => ({ rule: 'goal_hijack' as const, pattern: compile(source) })),
  ...INDIRECT_PATTERNS.map((source) => ({ rule: 'indirect_injection' as const, pattern: compile(source) })),
  ...DELIMITER_PATTERNS.map((source) => ({ rule: 'delimiter_injection' as const, pattern: compile(source) })),
  ...JAILBREAK_PATTERNS.map(([source, accept]) => ({ rule: 'jailbreak' as const, pattern: compile(source), ...(accept && { accept }) })),
  ...ENCODED_PATTERNS.map(([source, accept]) => ({ rule: 'encoded_payload' as const, pattern: compile(source), ...(accept && { accept }) })),
];

/**
 * Phrases spelled letter by letter with no word gaps ("i.g.n.o.r.e.a.l.l.p.r.e.v.i.o.u.s..."),
 * matched on the joined letters of a spaced view only.
 */
export const SQUASHED_PATTERNS: readonly InjectionPattern[] = ([
  ['ignore_instructions', `${alt('ignore', 'disregard', 'forget', 'override', 'bypass', 'skip')}${alt('all', 'any', 'every', 'the', 'your',
    'my', 'of', 'previous', 'prior', 'above', 'earlier', 'preceding', 'original', 'initial', 'system', 'safety', 'these', 'those')}*` +
    `${alt('instructions?', 'prompts?', 'rules', 'guidelines', 'directives', 'guardrails')}`],
  ['reveal_prompt', `${alt('reveal', 'show', 'print', 'repeat', 'output', 'tell', 'give', 'display', 'leak', 'dump')}${alt('me', 'us',
    'your', 'the', 'full', 'entire', 'hidden', 'secret', 'original', 'initial')}*${alt('systemprompt', 'prompt', 'instructions')}`],
  ['reveal_prompt', 'systemprompt'],
  ['role_switch', `you(?:are|re)now`],
  ['jailbreak', alt('developermode', 'jailbreak', 'jailbroken', 'doanythingnow', 'godmode')],
] as const).map(([rule, source]) => ({ rule, pattern: compile(source) }));
