import { alt, anyWords, B, E, IMPERATIVE, S } from './injection-regex.js';

// `role_switch`: "you are now ...", "pretend to be ...", an imperative "act as a ...".

const YOU_ARE_NOW_BENIGN = alt('(?:an? )?(?:member|subscriber|customer|user|participant|part|registered|verified|premium|' +
  'pro|admin of|owner of|guest|attendee|contributor|follower|collaborator|moderator of)', 'subscribed', 'logged',
  'signed', 'connected', 'enrolled', 'eligible', 'ready', 'able', 'in (?:the|a|our) (?:queue|waiting|list|channel|group|' +
  'room|meeting|call|lobby|system)', 'in charge', 'responsible', 'following', 'all set', 'set', 'done', 'free to',
  'on the', 'in the', 'at the', 'viewing', 'using', 'running', 'ready', 'leaving', 'entering', 'the (?:owner|new owner|proud owner)');
// "Act as a liaison / buffer / mentor" is a request to a person; an injection
// asks for a persona that drops the model's rules or takes over the system.
const ACT_AS_PERSONA = alt('hacker', 'terminal',
  'shell', 'console', 'linux', 'bash', 'system', 'sysadmin', 'admin', 'administrator', 'root', 'superuser', 'developer mode',
  'dan', 'jailbreak', 'jailbroken', 'villain', 'criminal', 'scammer', 'attacker', 'malware', 'virus', 'persona',
  'version of (?:yourself|you|chatgpt|gpt|claude)', 'grandmother', 'grandma', 'deceased', 'late', 'unfiltered', 'uncensored',
  'unrestricted', 'unethical', 'amoral', 'evil', 'rogue', 'malicious', 'different ai', 'new ai', 'other ai', 'free ai',
  'with no', 'without', 'who (?:has no|ignores|does not|doesn\'t|never)', 'that (?:has no|ignores|does not|doesn\'t|never)',
  'no (?:rules|limits|restrictions|filters|ethics|morals)', 'opposite');
export const ROLE_PATTERNS: readonly string[] = [
  `${B}${alt('you are', "you're", 'youre', 'u r', 'ur')}${S}now${S}(?!${YOU_ARE_NOW_BENIGN}${E})` +
    alt('an?', 'the', 'my', 'in', 'no longer', 'called', 'named', 'known as', 'going to (?:be|act|play|pretend)',
      'acting', 'playing', 'dan', 'free', 'unrestricted', 'unfiltered', 'uncensored', 'jailbroken', 'evil',
      'freed', 'liberated', '[a-z]+gpt', 'operating') + E,
  `${IMPERATIVE}${B}${alt('act', 'behave', 'pose', 'masquerade', 'roleplay', 'role-play', 'role play')}${S}` +
    `${alt('only ', 'exactly ', 'strictly ')}?as${S}(?:${alt('if you (?:are|were)', 'though you (?:are|were)', 'dan')}${E}|` +
    `${alt('an?', 'my', 'your', 'the')}${S}${anyWords(3)}${ACT_AS_PERSONA}${E})`,
  `${IMPERATIVE}${B}pretend${S}${alt('to be', 'you are', "you're", 'youre', 'that you are', "that you're",
    'you can', 'you have no', 'to have no')}${E}`,
  `${B}from now on,?${S}${alt('you are', "you're", 'you will be', "you'll be", 'you will act', 'you will respond',
    'you must act', 'you shall be', 'act', 'behave', 'respond as', 'pretend', 'your name is', 'you will pretend',
    'you will roleplay', 'you will play')}${E}`,
  `${B}you will now${S}${alt('act', 'be', 'behave', 'respond as', 'roleplay', 'pretend', 'play', 'become', 'simulate')}${E}`,
  `${IMPERATIVE}${B}${alt('assume', 'adopt', 'take on', 'play', 'take over')}${S}(?:the${S})?${alt('role', 'persona',
    'identity', 'character')}${S}of${E}`,
  `${B}your new${S}${alt('persona', 'identity', 'role', 'name')}${S}is${E}`,
  `${B}you${S}${alt('have', "'ve got", 've got', 'now have', 'now serve', 'serve', 'answer to', 'obey', 'report to')}${S}a${S}new${S}` +
    `${alt('master', 'masters', 'creator', 'controller', 'handler', 'programmer', 'maker', 'overlord')}${E}`,
];
