import { alt, B, E, S, words } from './injection-regex.js';

// `ignore_instructions` in English, Spanish, French, German, Portuguese and Italian
// (the other languages are in injection-rules-languages.ts).

const NOT_NEGATED = "(?<!(?:don't|do not|dont|never|not|didn't|won't|shouldn't|must not|cannot|can't|no)\\s)";

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

export const IGNORE_PATTERNS: readonly string[] = [
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
