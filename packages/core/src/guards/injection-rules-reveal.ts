import { alt, B, E, S, words } from './injection-regex.js';

// `reveal_prompt`: asks for the system prompt or hidden instructions, in English and the
// Western European languages (paraphrases are in injection-rules-indirect.ts).

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

export const REVEAL_PATTERNS: readonly string[] = [
  `${B}${REVEAL_VERB}${S}${words(REVEAL_FILL)}${PROMPT_TARGET}${E}`,
  `${B}${REVEAL_VERB}${S}${words(REVEAL_FILL, 4)}your${S}${words(REVEAL_FILL, 2)}${YOUR_TARGET}${E}`,
  `${B}what${S}${alt('is', 'are', 'was', 'were')}${S}(?:your${S}${words(REVEAL_FILL, 2)}${YOUR_TARGET}|the${S}${words(REVEAL_FILL, 2)}${PROMPT_TARGET})${E}`,
  `${B}${alt('repeat', 'print', 'output', 'copy', 'reproduce', 'recite')}${S}${words(alt('all', 'of', 'everything', 'the'), 2)}` +
    `(?:${alt('text', 'words', 'content', 'lines', 'messages', 'conversation')}${S})?` +
    `${alt('above', 'before this', 'so far')}${S}${alt('verbatim', 'word for word', 'starting', 'exactly', 'in full', 'including')}${E}`,
  `${B}what${S}${alt('were you', 'have you been', 'was you')}${S}${alt('told', 'instructed', 'programmed')}${S}${alt('before', 'to do', 'at the (?:start|beginning)', 'initially', 'originally')}${E}`,
  `${B}${ML_REVEAL_VERB}${S}(?:[\\p{L}'-]+${S}){0,4}${ML_TARGET}${E}`,
];
