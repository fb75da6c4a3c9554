import { alt, B, E, S } from './injection-regex.js';

// `jailbreak`: named jailbreaks (DAN, developer mode, ...); some only count in upper case.

const JAILBREAK_NAME = alt('dan', 'stan', 'dude', 'aim');
const isUpperName = (original: string): boolean => /\b(?:DAN|STAN|DUDE|AIM)\b/.test(original);

/** Pattern sources, each with an optional check on the original (unfolded) matched text. */
export const JAILBREAK_PATTERNS: readonly [string, ((original: string) => boolean)?][] = [
  [`${B}do anything now${E}`],
  [`${B}${alt('you are', "you're", 'you will be', 'act as', 'acting as', 'as', 'be', 'become', 'called', 'named',
    'pretend to be', 'in character as', 'roleplay as', 'role-play as', 'play', 'i am', 'hi', 'hello', 'hey')}(?: now)?` +
    `${S}${JAILBREAK_NAME}${E}`, isUpperName],
  [`${B}${JAILBREAK_NAME}${S}${alt('mode', 'prompt', 'jailbreak', '\\d+(?:\\.\\d+)?')}${E}`, isUpperName],
  [`${B}${alt('betterdan', 'anti-dan', 'mongo tom', 'evil confidant', 'always intelligent and machiavellian',
    'strive to avoid norms', 'dude mode')}${E}`],
  [`${B}${alt('developer', 'god', 'jailbreak', 'jailbroken', 'unrestricted', 'unfiltered', 'uncensored', 'evil', 'dan')}` +
    `${S}mode${S}${alt('enabled', 'activated', 'output', 'response', 'engaged')}${E}`],
  [`${B}${alt('chatgpt', 'gpt(?:-?\\d)?', 'claude', 'gemini', 'llama', 'the (?:ai|assistant|model)', 'you', 'ai',
    'assistant', 'model')}${S}${alt('with', 'in')}${S}${alt('developer', 'god', 'jailbreak', 'unrestricted', 'dan')}${S}mode${E}`],
  [`${B}${alt('enter', 'activate', 'switch to', 'switch into', 'engage')}${S}(?:the${S})?developer${S}mode${E}`],
  [`${B}${alt('enter', 'enable', 'activate', 'switch to', 'switch into', 'turn on', 'engage')}${S}(?:the${S})?` +
    `${alt('god', 'jailbreak', 'jailbroken', 'unrestricted', 'unfiltered', 'dan')}${S}mode${E}`],
  [`${B}${alt('you are', "you're", 'you have been', 'are now', 'been', 'now')}${S}jailbroken${E}`],
  [`${B}jailbreak${S}${alt('prompt', 'mode', 'enabled', 'activated')}${E}`],
  [`${B}${alt('respond', 'answer', 'reply', 'act', 'operate', 'speak', 'talk', 'write', 'behave')}(?:${S}[\\p{L}']+){0,3}` +
    `${S}without${S}(?:any${S})?${alt('restrictions', 'filters', 'filtering', 'censorship', 'ethical (?:guidelines|constraints|limits|restrictions)',
      'moral (?:guidelines|constraints|restrictions)', 'limitations', 'guardrails', 'safety (?:guidelines|filters|measures)')}${E}`],
  [`${B}${alt('unfiltered', 'uncensored', 'unrestricted', 'amoral', 'unaligned')}${S}` +
    `${alt('ai', 'assistant', 'chatbot', 'model', 'llm', 'version of (?:yourself|you|chatgpt|claude)')}${E}`],
];
