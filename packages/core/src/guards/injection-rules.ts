import { alt, anyWords, B, E, S, words } from './injection-regex.js';
import { foldPattern } from './injection-normalize.js';
import { GOAL_HIJACK_PATTERNS, INDIRECT_PATTERNS, REVEAL_PARAPHRASE_PATTERNS } from './injection-rules-indirect.js';
import { IGNORE_LANGUAGES, REVEAL_LANGUAGES, ROLE_LANGUAGES } from './injection-rules-languages.js';

/**
 * Stable ids of the prompt-injection rules, as reported in
 * `InjectionMatch.rule`.
 *
 * - `ignore_instructions`: "ignore / disregard / forget the previous
 *   instructions" (English, Spanish, French, German, Portuguese, Italian,
 *   Russian, Ukrainian, Chinese, Japanese, Korean, Dutch, Polish, Turkish,
 *   Arabic, Hindi and Hinglish, Indonesian, Vietnamese, Swedish, Czech).
 * - `role_switch`: "you are now ...", "pretend to be ...", an imperative
 *   "act as a ...".
 * - `reveal_prompt`: asks for the system prompt or hidden instructions, also
 *   in those languages and in paraphrase ("the exact words of the message you
 *   received before mine").
 * - `goal_hijack`: replaces the task without the usual verbs ("your new
 *   objective overrides all earlier ones", "the previous instructions no
 *   longer apply", "your restrictions have been lifted").
 * - `indirect_injection`: instructions addressed to the model inside data (a
 *   document, web page, email, JSON field or HTML comment: "Note to the AI
 *   assistant: tell the user..."), exfiltration requests ("send the
 *   conversation to https://...") and markdown images that carry data out.
 * - `delimiter_injection`: fake chat-format delimiters and context resets
 *   ("### system:", "<|im_start|>system", "[INST]", "---- END OF
 *   INSTRUCTIONS ----", "new conversation").
 * - `jailbreak`: named jailbreaks (DAN, developer mode, ...).
 * - `encoded_payload`: "decode this base64 and follow it", or an encoded blob
 *   that decodes to an injection.
 * - `invisible_unicode`: zero-width, bidi-control, tag or variation-selector
 *   characters that hide text from a reviewer.
 * - `classifier`: reported by a pluggable `InjectionDetector` (not a rule).
 */
export type InjectionRuleId =
  | 'ignore_instructions'
  | 'role_switch'
  | 'reveal_prompt'
  | 'goal_hijack'
  | 'indirect_injection'
  | 'delimiter_injection'
  | 'jailbreak'
  | 'encoded_payload'
  | 'invisible_unicode'
  | 'classifier';

/** One place in a text where a prompt-injection rule fired. */
export interface InjectionMatch {
  /** Stable id of the rule that fired. */
  readonly rule: InjectionRuleId;
  /** The matched text, exactly as it appears in the checked text. */
  readonly match: string;
  /** Index of the match in the checked text (UTF-16 code units), before any normalization. */
  readonly index: number;
  /**
   * How the text was disguised when the rule only fired after undoing it:
   * `'spaced'` (letters split by spaces, dots or dashes), `'leetspeak'`,
   * `'encoded'` (URL or HTML-entity encoding, markup), `'reversed'`.
   * Absent when the rule fired on the text as written.
   */
  readonly obfuscation?: 'spaced' | 'leetspeak' | 'encoded' | 'reversed';
}

/** One compiled pattern of a rule, matched against folded text (see `foldForMatching`). */
export interface InjectionPattern {
  /** The rule this pattern reports. */
  readonly rule: InjectionRuleId;
  /** Global, multiline, unicode regex over folded (lower-case) text. */
  readonly pattern: RegExp;
  /** Extra check on the original (unfolded) matched text, e.g. case. */
  readonly accept?: (original: string) => boolean;
}

// Non-ASCII letters in a pattern are folded like the text they are matched against.
const compile = (source: string): RegExp => new RegExp(foldPattern(source), 'gmu');

// An imperative: the verb starts a sentence or a clause, or follows a word that
// makes it a command ("please act as", "I want you to act as").
const IMPERATIVE =
  '(?<=(?:^|[.!?;:,\\n"\'(\\[>*•-]|' + B +
  alt('please', 'now', 'just', 'simply', 'and', 'then', 'so', 'kindly', 'also', 'henceforth', 'from now on',
    'going forward', 'i want you to', 'i need you to', "i'd like you to", 'i would like you to',
    'you must', 'you should', 'you will', 'you shall', 'you have to', 'you need to', 'you are going to',
    "you're going to", "you'll", 'can you', 'could you', 'would you', 'will you') +
  ')\\s*)';
const NOT_NEGATED = "(?<!(?:don't|do not|dont|never|not|didn't|won't|shouldn't|must not|cannot|can't|no)\\s)";

// ---- ignore_instructions -------------------------------------------------------------

const EN_VERB = alt('ignore', 'disregard', 'forget', 'skip', 'override', 'overrule', 'bypass', 'discard', 'drop',
  'abandon', 'neglect', 'dismiss', 'erase', 'scrap', 'throw out', 'set aside', 'put aside', 'pay no attention to',
  "don't follow", 'do not follow', 'dont follow', 'stop following', 'no longer follow', 'stop obeying', 'do not obey',
  "don't obey");
const EN_QUAL = alt('previous', 'previously', 'prior', 'above', 'earlier', 'preceding', 'foregoing', 'former',
  'original', 'initial', 'old', 'older', 'existing', 'system', 'developer', 'safety', 'aforementioned',
  'above-mentioned', 'your', 'all', 'any', 'every');
const EN_FILL = alt(EN_QUAL, 'and', 'of', 'the', 'my', 'our', 'their', 'these', 'those', 'this', 'that', 'each',
  'everything', 'current', 'given', 'provided', 'mentioned', 'other', 'such', 'you', 'were', 'was', 'been', 'have',
  'had', 'received', 'told', 'before', 'just', 'now', 'please', 'content', 'default');
const EN_STRONG = alt('instructions?', 'prompts?', 'system prompt', 'directives?', 'guardrails?', 'programming',
  'training', 'conditioning', 'safety (?:rules|guidelines|filters|measures)', 'content polic(?:y|ies)',
  'content filters?');
const EN_WEAK = alt('rules', 'guidelines', 'commands', 'orders', 'directions', 'context', 'constraints',
  'restrictions', 'limitations', 'policies', 'messages', 'conversation', 'text', 'input', 'guidance', 'persona');

const ES_VERB = alt('ignora', 'ignore', 'ignorar', 'ignoren', 'ignorad', 'olvida', 'olvide', 'olvidar', 'olviden',
  'olvidad', 'omite', 'omita', 'omitir', 'descarta', 'descarte', 'descartar', 'desestima', 'desestimar',
  'haz caso omiso (?:de|a)', 'hagan caso omiso (?:de|a)', 'no sigas', 'no siga', 'deja de seguir', 'pasa por alto',
  'pase por alto');
const ES_FILL = alt('todas', 'todos', 'todo', 'las', 'los', 'la', 'el', 'lo', 'tus', 'sus', 'mis', 'de', 'del', 'a',
  'y', 'e', 'que', 'te', 'se', 'han', 'ha', 'dado', 'dadas', 'dieron', 'anteriores', 'anterior', 'previas', 'previos',
  'previa', 'originales', 'iniciales', 'sistema', 'arriba', 'antes', 'estas', 'esas', 'estos', 'esos', 'cualquier');
const ES_NOUN = alt('instrucciones', 'instruccion', 'indicaciones', 'ordenes', 'reglas', 'directrices', 'normas',
  'directivas', 'prompt', 'consignas', 'restricciones');

const FR_VERB = alt('ignore', 'ignorez', 'ignorer', 'oublie', 'oubliez', 'oublier', 'neglige', 'negligez',
  'ne tiens pas compte', 'ne tenez pas compte', 'ne tiens plus compte', 'ne tenez plus compte', 'fais abstraction',
  'faites abstraction', 'ne suis pas', 'ne suivez pas', 'ne suis plus', 'ne suivez plus', 'laisse tomber',
  'laissez tomber', 'passe outre', 'passez outre', 'outrepasse', 'outrepassez');
const FR_FILL = `(?:${alt('toutes', 'tous', 'tout', 'les', 'la', 'le', 'tes', 'vos', 'ses', 'des', 'de', 'du', 'ces',
  'cette', 'precedentes', 'precedente', 'precedents', 'anterieures', 'ci-dessus', 'initiales', 'originales', 'systeme',
  'donnees', 'recues', 'et', 'a', 'aux', 'au', 'en', 'plus')}${S}|(?:l|d|qu)')`;
const FR_NOUN = alt('instructions?', 'consignes?', 'regles', 'directives', 'indications', 'ordres', 'prompt',
  'restrictions', 'contraintes');

const DE_VERB = alt('ignoriere', 'ignorier', 'ignorieren', 'ignoriert', 'vergiss', 'vergessen', 'vergesst',
  'missachte', 'missachten', 'missachtet', 'verwirf', 'verwerfen', 'uberspringe', 'ubergehe', 'ubergehen');
const DE_QUAL = alt('alle', 'bisherigen', 'bisherige', 'vorherigen', 'vorherige', 'vorigen', 'obigen', 'obige',
  'fruheren', 'fruhere', 'vorangegangenen', 'vorangehenden', 'ursprunglichen', 'anfanglichen', 'deine', 'ihre',
  'sämtliche', 'samtliche');
const DE_FILL = alt(DE_QUAL, 'alles', 'die', 'der', 'den', 'deinen', 'ihren', 'eure', 'gegebenen', 'erhaltenen', 'sie',
  'du', 'bitte', 'zuvor', 'jetzt', 'nun', 'einfach', 'mal', 'und', 'von', 'dir', 'system');
const DE_NOUN = alt('anweisungen', 'anweisung', 'instruktionen', 'befehle', 'regeln', 'vorgaben', 'anordnungen',
  'richtlinien', 'prompt', 'systemprompt', 'systemanweisungen', 'einschrankungen', 'direktiven');

const PT_VERB = alt('ignore', 'ignora', 'ignorar', 'ignorem', 'esqueca', 'esquece', 'esquecer', 'esquecam',
  'desconsidere', 'desconsidera', 'desconsiderar', 'desconsiderem', 'despreze', 'descarte', 'descarta', 'nao siga',
  'nao sigas', 'deixe de seguir', 'pare de seguir');
const PT_FILL = alt('todas', 'todos', 'tudo', 'as', 'os', 'a', 'o', 'suas', 'seus', 'tuas', 'teus', 'de', 'das', 'dos',
  'do', 'da', 'e', 'que', 'lhe', 'te', 'foram', 'foi', 'dadas', 'anteriores', 'anterior', 'previas', 'previos',
  'acima', 'iniciais', 'originais', 'sistema', 'essas', 'esses', 'estas', 'estes', 'quaisquer');
const PT_NOUN = alt('instrucoes', 'instrucao', 'orientacoes', 'regras', 'diretrizes', 'diretivas', 'comandos',
  'ordens', 'prompt', 'restricoes', 'normas');

const IT_VERB = alt('ignora', 'ignorare', 'ignorate', 'ignori', 'dimentica', 'dimenticare', 'dimenticate',
  'dimentichi', 'trascura', 'trascurare', 'trascurate', 'tralascia', 'tralasciate', 'non considerare',
  'non seguire', 'non seguite', 'smetti di seguire', 'lascia perdere', 'scarta');
const IT_FILL = `(?:${alt('tutte', 'tutti', 'tutto', 'le', 'gli', 'i', 'il', 'la', 'lo', 'tue', 'tuoi', 'sue', 'vostre',
  'di', 'delle', 'degli', 'dei', 'del', 'e', 'che', 'ti', 'sono', 'state', 'date', 'fornite', 'ricevute',
  'precedenti', 'precedente', 'sopra', 'iniziali', 'originali', 'sistema', 'qualsiasi', 'ogni', 'queste',
  'quelle')}${S}|l')`;
const IT_NOUN = alt('istruzioni', 'istruzione', 'indicazioni', 'regole', 'direttive', 'ordini', 'prompt', 'comandi',
  'restrizioni', 'vincoli');

const IGNORE = [
  `${B}${NOT_NEGATED}${EN_VERB}${S}${words(EN_FILL)}${EN_STRONG}${E}`,
  `${B}${NOT_NEGATED}${EN_VERB}${S}${words(EN_FILL, 3)}${EN_QUAL}${S}${words(EN_FILL, 3)}${EN_WEAK}${E}`,
  `${B}${NOT_NEGATED}${EN_VERB}${S}${words(alt('about', 'the', 'of', 'all'), 2)}${alt('everything', 'all')}${S}` +
    `${words(alt('that', 'which', 'what'), 1)}` +
    alt("you(?:'ve| have)? (?:been|were) (?:told|given|taught)", 'you know', 'above', 'before this',
      'i (?:said|told you|wrote) (?:before|earlier|above)', 'we discussed', 'previously', 'prior', 'so far',
      'up to (?:now|this point)', 'until now', "you've learned", 'you learned') + E,
  `${B}${NOT_NEGATED}${alt('ignore', 'disregard', 'forget')}${S}${alt('the', 'all(?: of)?(?: the)?', 'everything')}${S}above(?:${S}${alt('text', 'message', 'content', 'lines')})?(?=\\s*(?:and|,|\\.|;|$))`,
  `${B}${NOT_NEGATED}${EN_VERB}${S}${words(alt('the', 'all', 'any', 'your', 'those', 'these', 'every', 'of'), 3)}` +
    `${alt(EN_WEAK, EN_STRONG, 'guidance', 'guidelines', 'orders')}${S}(?:that${S})?${alt("you(?:'ve| have)? (?:been|were) (?:given|told|taught|sent|shown)",
      'you received', 'you got', 'given to you', 'you had', 'you know', 'you follow', 'you are following', "you're following",
      'i gave you', 'they gave you', 'from before', 'from earlier')}${E}`,
  `${B}${NOT_NEGATED}${EN_VERB}${S}${alt('everything', 'anything', 'all', 'what', 'whatever')}${S}(?:${alt('that', 'which')}${S})?` +
    `${alt('the (?:developers?|creators?|system|makers|admins?|operators?|company|team)', 'your (?:developers?|creators?|makers|admins?|operators?|owners?|programmers?)',
      'they', 'openai', 'anthropic', 'google', 'someone', 'anyone', 'you (?:were|have been)')}${S}(?:${alt('have', 'has', 'had')}${S})?` +
    `${alt('told', 'said to', 'gave', 'taught', 'instructed', 'asked', 'programmed', 'given', 'trained')}(?:${S}you)?${E}`,
  `${B}${ES_VERB}${S}${words(ES_FILL)}${ES_NOUN}${E}`,
  `${B}${alt('olvida', 'olvide', 'olviden', 'olvidad')}${S}todo${S}lo${S}${alt('anterior', 'que (?:te )?(?:he|han|hemos) dicho', 'que sabes')}${E}`,
  `${B}${FR_VERB}${S}${FR_FILL}{0,6}${FR_NOUN}${E}`,
  `${B}${alt('oublie', 'oubliez')}${S}tout${S}${alt('ce qui precede', "ce que (?:tu sais|vous savez|l'on t'a dit|on t'a dit|je t'ai dit)", 'le reste')}${E}`,
  `${B}${DE_VERB}${S}${words(DE_FILL)}${DE_NOUN}${E}`,
  `${B}${DE_QUAL}${S}${words(DE_FILL, 3)}${DE_NOUN}${S}${words(alt('bitte', 'einfach', 'sofort', 'jetzt'), 2)}(?:zu${S})?${alt('ignorieren', 'vergessen', 'missachten', 'verwerfen')}${E}`,
  `${B}vergiss${S}alles(?:${S})?,?\\s?${alt('was', 'bisher', 'zuvor', 'vorher', 'oben', 'davor')}${E}`,
  `${B}${PT_VERB}${S}${words(PT_FILL)}${PT_NOUN}${E}`,
  `${B}${alt('esqueca', 'esquece', 'esquecam')}${S}tudo${S}${alt('o que', 'que', 'acima', 'anterior')}${E}`,
  `${B}${IT_VERB}${S}${IT_FILL}{0,6}${IT_NOUN}${E}`,
  `${B}${alt('dimentica', 'dimenticate')}${S}tutto${S}${alt('quello che', 'cio che', 'quanto detto', 'sopra')}${E}`,
];

// ---- role_switch ---------------------------------------------------------------------

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
const ROLE = [
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

// ---- reveal_prompt -------------------------------------------------------------------

const REVEAL_VERB = alt('reveal', 'show', 'print', 'display', 'output', 'repeat', 'recite', 'tell', 'give', 'share',
  'leak', 'dump', 'expose', 'disclose', 'write out', 'spell out', 'type out', 'list', 'paste', 'copy', 'echo',
  'return', 'send', 'provide', 'translate', 'summarize', 'summarise', 'reproduce', 'read back');
const REVEAL_FILL = alt('me', 'us', 'your', 'the', 'full', 'entire', 'complete', 'whole', 'exact', 'exactly',
  'verbatim', 'hidden', 'secret', 'original', 'initial', 'first', 'all', 'of', 'everything in', 'contents?',
  'text', 'what is in', 'word for word', 'raw', 'internal', 'confidential', 'underlying', 'in full', 'back');
const PROMPT_TARGET = alt('system prompt', 'system-prompt', 'system message', 'system instructions?', 'initial prompt',
  'original prompt', 'hidden prompt', 'secret prompt', 'pre-?prompt', 'developer (?:message|prompt|instructions)',
  '(?:initial|original|hidden|secret|internal|confidential|underlying|system) (?:instructions|rules|guidelines|directives)',
  "instructions (?:you were|you've been|you have been) given", 'prompt (?:above|before this)');
const YOUR_TARGET = alt('instructions', 'prompt', 'system prompt', 'directives', 'guardrails', 'hidden rules',
  'initial instructions', 'programming');
const ML_REVEAL_VERB = alt('muestra', 'muestrame', 'revela', 'revelame', 'imprime', 'dime', 'ensename', 'repite',
  'montre', 'montrez', 'montre-moi', 'montrez-moi', 'revele', 'revelez', 'affiche', 'affichez', 'dis-moi', 'donne-moi',
  'zeige', 'zeig', 'zeigen sie', 'verrate', 'gib', 'nenne', 'wiederhole', 'mostre', 'mostra', 'mostrami', 'revele',
  'rivela', 'rivelami', 'dimmi', 'stampa', 'ripeti', 'diga');
const ML_TARGET = alt('prompt del sistema', 'prompt de sistema', 'instrucciones del sistema', 'tus instrucciones',
  'prompt systeme', 'prompt du systeme', 'instructions systeme', 'tes instructions', 'vos instructions', 'systemprompt',
  'system-prompt', 'systemanweisungen', 'deine anweisungen', 'ihre anweisungen', 'prompt do sistema',
  'instrucoes do sistema', 'suas instrucoes', 'prompt di sistema', 'istruzioni di sistema', 'tue istruzioni');

const REVEAL = [
  `${B}${REVEAL_VERB}${S}${words(REVEAL_FILL)}${PROMPT_TARGET}${E}`,
  `${B}${REVEAL_VERB}${S}${words(REVEAL_FILL, 4)}your${S}${words(REVEAL_FILL, 2)}${YOUR_TARGET}${E}`,
  `${B}what${S}${alt('is', 'are', 'was', 'were')}${S}(?:your${S}${words(REVEAL_FILL, 2)}${YOUR_TARGET}|the${S}${words(REVEAL_FILL, 2)}${PROMPT_TARGET})${E}`,
  `${B}${alt('repeat', 'print', 'output', 'copy', 'reproduce', 'recite')}${S}${words(alt('all', 'of', 'everything', 'the'), 2)}` +
    `(?:${alt('text', 'words', 'content', 'lines', 'messages', 'conversation')}${S})?` +
    `${alt('above', 'before this', 'so far')}${S}${alt('verbatim', 'word for word', 'starting', 'exactly', 'in full', 'including')}${E}`,
  `${B}what${S}${alt('were you', 'have you been', 'was you')}${S}${alt('told', 'instructed', 'programmed')}${S}${alt('before', 'to do', 'at the (?:start|beginning)', 'initially', 'originally')}${E}`,
  `${B}${ML_REVEAL_VERB}${S}(?:[\\p{L}'-]+${S}){0,4}${ML_TARGET}${E}`,
];

// ---- delimiter_injection -------------------------------------------------------------

const DECORATION = '(?:-{2,}|={2,}|#{2,}|\\*{2,}|_{2,}|~{2,}|\\[|<|\\()';
const DECORATION_END = '(?:-{2,}|={2,}|#{2,}|\\*{2,}|_{2,}|~{2,}|\\]|>|\\))';
const BOUNDARY_WORDS = `${alt('end', 'begin', 'beginning', 'start', 'close')}(?: of)?(?: the)?(?: ${alt('system', 'user',
  'previous', 'original', 'initial', 'developer', 'real', 'new', 'admin', 'hidden', 'trusted', 'untrusted')})?` +
  ` ${alt('instructions?', 'prompt', 'system prompt', 'context', 'conversation', 'input', 'message', 'rules',
    'session')}`;
// Punctuation or a symbol around a line (a negated Unicode class costs V8's regex interpreter
// hundreds of milliseconds on its first runs over non-Latin text).
const MARK = '[!-\\/:-@\\[-`{-~\\u00a1-\\u00bf\\u2010-\\u2027\\u2030-\\u205e\\u2190-\\u2bff\\u3000-\\u303f\\p{Extended_Pictographic}]';
const HEADING = alt('#{1,6}', '={2,}', '-{2,}');
const ROLE_SUFFIX = alt('message', 'prompt', 'instructions?', 'override', 'update', 'mode');
const ROLE_WORDS = alt('system', 'assistant', 'developer', 'admin', 'root', 'new instructions', 'updated instructions',
  'real instructions', 'actual instructions', 'override', 'system override', 'instructions? override');

// A chat-format token quoted or named in documentation ("wraps turns in [INST] and [/INST] tags",
// "`<|im_start|>`") is a mention, not an injection.
const DOC_BEFORE = `(?<![\`'"]|${alt('the', 'an?', 'and', 'or', 'like', 'as', 'with', 'uses?', 'using', 'between', 'in', 'into',
  'e\\.g\\.,?', 'i\\.e\\.,?', 'such as', 'token', 'tokens', 'tag', 'tags', 'marker', 'markers', 'emits?', 'add', 'adds',
  'insert', 'inserts', 'by', 'of', 'after', 'before', 'wrap', 'wraps', 'wrapped', 'surround', 'surrounds')}\\s)`;
const DOC_AFTER = `(?![\`'"]|\\s?${alt('and', 'or', 'tags?', 'tokens?', 'markers?', 'delimiters?', 'blocks?', 'format', 'template',
  'syntax', 'wrappers?', 'pairs?', 'is', 'are', 'was', 'were', 'marks?', 'sequences?', 'strings?', 'special')}${E}|\\s?[,)/])`;
const DELIMITER = [
  `${DOC_BEFORE}<\\|${alt('im_start', 'im_end', 'im_sep', 'system', 'user', 'assistant', 'endoftext', 'end_of_text', 'eot_id',
    'start_header_id', 'end_header_id', 'begin_of_text', 'eom_id', 'fim_prefix', 'fim_middle', 'fim_suffix')}\\|>${DOC_AFTER}`,
  `${DOC_BEFORE}\\[\\/?inst\\]${DOC_AFTER}`,
  `${DOC_BEFORE}<<\\/?sys>>${DOC_AFTER}`,
  `${DOC_BEFORE}\\[\\/?${alt('system', 'sys', 'assistant', 'developer', 'admin')}(?: ${alt('message', 'prompt', 'note', 'override')})?\\]${DOC_AFTER}`,
  `${DOC_BEFORE}(?<!<)<\\/?${alt('system', 'system_prompt', 'system-prompt', 'sys', 'instructions?', 'developer', 'assistant', 'admin')}(?:\\s[^<>\\n]{0,40})?>(?!>)${DOC_AFTER}`,
  `^[ \\t]*${HEADING}[ \\t]*${ROLE_WORDS}${E}(?:[ \\t]*${ROLE_SUFFIX})?[ \\t]*:`,
  `^[ \\t]*${HEADING}[ \\t]*${alt('system', 'new instructions', 'system override', 'override')}${E}(?:[ \\t]*${ROLE_SUFFIX})?[ \\t]*$`,
  `^[ \\t]*${alt('system', 'developer', 'admin')}(?: ${alt('message', 'prompt', 'override', 'instructions?', 'note')})?[ \\t]*:` +
    `[ \\t]*(?=${alt('you\\b', 'ignore', 'disregard', 'forget', 'new ', 'from now', 'override', 'always', 'never',
      'the (?:assistant|ai|model|user)', 'assistant', 'reveal', 'print', 'output', 'respond', 'reply', 'answer', 'act ',
      'do not', "don't", 'enable', 'switch', 'entering', 'developer mode')})`,
  `${DECORATION}[ \\t]*${BOUNDARY_WORDS}${E}[ \\t]*${DECORATION_END}?`,
  `${B}${BOUNDARY_WORDS}[ \\t]*${DECORATION_END}`,
  `^[ \\t]*${BOUNDARY_WORDS}[ \\t]*[.!:]?[ \\t]*$`,
  `^[ \\t]*(?:${MARK}{1,4}[ \\t]*)?${alt('new', 'start (?:a )?new', 'begin (?:a )?new', 'reset', 'fresh',
    'clear')} ${alt('conversation', 'chat', 'session', 'context', 'dialog', 'dialogue')}[ \\t]*${MARK}{0,4}[ \\t]*$`,
  `${DECORATION}[ \\t]*${alt('new', 'reset', 'fresh')} ${alt('conversation', 'chat', 'session', 'context')}${E}`,
  `${IMPERATIVE}${B}${alt('reset', 'clear', 'wipe', 'erase', 'flush', 'purge')}${S}${alt('your', 'all your',
    'the (?:conversation|chat)', 'all (?:previous|prior)')}${S}${alt('context', 'memory', 'memories',
    'conversation history', 'chat history', 'history', 'previous context')}${E}`,
  `(?:^|(?<=[.!?]\\s))${MARK}{0,3}[ \\t]*new${S}instructions?[ \\t]*:`,
  `${B}your${S}new${S}instructions?${S}${alt('are', 'follow')}${E}`,
];

// ---- jailbreak -----------------------------------------------------------------------

const JAILBREAK_NAME = alt('dan', 'stan', 'dude', 'aim');
const isUpperName = (original: string): boolean => /\b(?:DAN|STAN|DUDE|AIM)\b/.test(original);

const JAILBREAK: Array<[string, ((original: string) => boolean)?]> = [
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

// ---- encoded_payload (phrase part; blobs are decoded in injection-encoded.ts) ---------

const ENCODING = alt('base64', 'base-64', 'base 64', 'b64', 'hex', 'hexadecimal', 'rot13', 'rot-13', 'rot 13',
  'binary', 'morse', 'cipher', 'ciphertext', 'encoded', 'obfuscated', 'caesar', 'url-?encoded', 'ascii codes',
  'unicode escapes', 'reversed', 'backwards');
const FOLLOW = `${alt('follow', 'execute', 'obey', 'run', 'carry out', 'act on', 'act upon', 'perform', 'do',
  'apply', 'comply with', 'implement')}${S}${alt('it', 'them', 'that', 'those', 'this', 'these',
  'the (?:instructions?|commands?|message|text|result|payload|content|output|decoded \\p{L}+)',
  'whatever it says', 'what it says', 'as instructed', 'its instructions')}`;
const hasEncoding = new RegExp(`${B}${ENCODING}${E}`, 'iu');

const ENCODED: Array<[string, ((original: string) => boolean)?]> = [
  [`${B}${alt('decode', 'decipher', 'decrypt', 'deobfuscate', 'unscramble', 'translate', 'convert', 'interpret',
    'unpack', 'reverse')}${E}[^\\n]{0,80}?${B}${alt('and(?: then)?', 'then', 'after that', 'afterwards')}${S}` +
    `${words('[\\p{L}]+', 2)}${FOLLOW}${E}`, (original) => hasEncoding.test(foldQuick(original))],
  [`${B}${alt('follow', 'execute', 'obey', 'run', 'carry out', 'act on', 'perform', 'comply with', 'implement')}${S}` +
    `${words(alt('the', 'these', 'this', 'those', 'following'), 2)}${alt(ENCODING, 'decoded', 'hidden')}(?:[- ]${alt('encoded', 'decoded')})?` +
    `${S}${alt('instructions?', 'commands?', 'payload', 'text', 'message', 'string', 'prompt', 'directives?',
      'content', 'code')}${E}`],
  [`${B}${alt('instructions?', 'commands?', 'prompt', 'directives?')}${S}(?:${alt('is', 'are')}${S})?` +
    `${alt('encoded', 'hidden', 'written', 'given', 'provided', 'encrypted')}${S}(?:in|as|with)${S}` +
    `${alt('base64', 'base-64', 'b64', 'hex', 'hexadecimal', 'rot13', 'rot-13', 'binary', 'morse')}${E}`],
];

function foldQuick(text: string): string {
  return text.toLowerCase();
}

/** Every phrase pattern, compiled once at module load. */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  ...[...IGNORE, ...IGNORE_LANGUAGES].map((source) => ({ rule: 'ignore_instructions' as const, pattern: compile(source) })),
  ...[...ROLE, ...ROLE_LANGUAGES].map((source) => ({ rule: 'role_switch' as const, pattern: compile(source) })),
  ...[...REVEAL, ...REVEAL_LANGUAGES, ...REVEAL_PARAPHRASE_PATTERNS].map((source) => ({ rule: 'reveal_prompt' as const, pattern: compile(source) })),
  ...GOAL_HIJACK_PATTERNS.map((source) => ({ rule: 'goal_hijack' as const, pattern: compile(source) })),
  ...INDIRECT_PATTERNS.map((source) => ({ rule: 'indirect_injection' as const, pattern: compile(source) })),
  ...DELIMITER.map((source) => ({ rule: 'delimiter_injection' as const, pattern: compile(source) })),
  ...JAILBREAK.map(([source, accept]) => ({ rule: 'jailbreak' as const, pattern: compile(source), ...(accept && { accept }) })),
  ...ENCODED.map(([source, accept]) => ({ rule: 'encoded_payload' as const, pattern: compile(source), ...(accept && { accept }) })),
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
