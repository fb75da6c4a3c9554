/**
 * One cheap scan that decides whether a text needs the injection rules at all.
 * It must never say "no" to a text a rule would flag (the injection tests
 * check this over every labelled attack, and a property test over random
 * mixtures of attack fragments); it may say "yes" to benign text, which then
 * pays for the full check. Benign English prose without trigger words costs a
 * few regex scans instead of folding, ~170 patterns and the views.
 */

// Anything outside printable ASCII (other scripts, homoglyphs, invisible
// characters) and the characters of markup, chat delimiters and encodings.
const NOT_PLAIN = /[^\t\n\r -~]|[<>[\]{}#%&|\\`=~^]|--|\*\*|__/;
// Leetspeak, base64 and hex blobs: a digit or @/$ next to a letter, or a lower-upper case change.
const MIXED = /[0-9@$](?<=[A-Za-z][0-9@$]|[0-9@$](?=[A-Za-z]))|[a-z][A-Z]/;
// Letters spelled out one by one: "i g n o r e", "i.g.n.o.r.e".
const SPELLED = /(?<![A-Za-z0-9])[A-Za-z0-9][ .\-_*/+~,:]{1,4}[A-Za-z0-9][ .\-_*/+~,:]{1,4}[A-Za-z0-9](?![A-Za-z0-9])/;
// Jailbreak names count only in capitals ("aim" and "dan" are ordinary words).
const NAMES = /\b(?:DAN|STAN|DUDE|AIM)\b/;

const STEMS = [
  // ignore family (English and the Latin-script languages)
  'ignor', 'disregard', 'forget', 'forgot', 'skip', 'overrid', 'overrul', 'bypass', 'discard', 'drop', 'abandon', 'neglect',
  'dismiss', 'erase', 'scrap', 'throw out', 'aside', 'pay no attention', "(?:n't|not|dont|stop|longer) follow", 'obey',
  'olvid', 'omit', 'descart', 'desestim', 'caso omiso', 'no siga', 'deja de seguir', 'pas[ae] por alto', 'oubli', 'neglig',
  'compte', 'abstraction', 'ne sui', 'laiss\\w* tomber', 'pass\\w* outre', 'outrepass', 'vergiss', 'vergess', 'missacht',
  'verwirf', 'verwerf', 'uberspr', 'ubergeh', 'esquec', 'desconsider', 'desprez', 'nao sig', 'deixe de seguir',
  'pare de seguir', 'dimentic', 'trascur', 'tralasci', 'non consider', 'non segu', 'smetti', 'lascia perdere', 'scarta',
  'negeer', 'vergeet', 'vergeten', 'laat varen', 'sla over', 'volg niet', 'rekening', 'zignor', 'zapomn', 'zapomen',
  'pomin', 'zwazaj', 'zwracaj', 'odrzuc', 'porzuc', 'nie stosuj', 'przestan', 'sluchaj', 'nedbej', 'neposlouch', 'yok ?say',
  'gormezden', 'unut', 'dikkate', 'umursama', 'bos ?ver', 'gecersiz', 'takma', 'uyma', 'birak', 'talimat', 'yonerge',
  'kural', 'komut', 'istem', 'direktif', 'kisitlama', 'sinirlama', 'emir', 'abaikan', 'lupakan', 'jangan', 'acuhkan',
  'bo qua', 'phot lo', 'quen', 'tuan theo', 'lam theo', 'glom', 'strunta', 'bortse', 'folj inte', 'niyam', 'nirdesh',
  'baat', 'bhool', 'bhul', 'nazar',
  // nouns most rules need
  'instruc', 'instruk', 'prompt', 'directive', 'guardrail', 'programming', 'guideline', 'rules', 'anweisung', 'istruz',
  'system', 'developer', 'admin',
  // role switch
  "you(?:'re| are|re)? now", 'u r now', 'ur now', 'from now on', 'will now', '(?:act|behave|pose|masquerade|role-?play|role play)\\W+(?:(?:only|exactly|strictly) )?as\\b', 'role',
  'pretend', 'persona', 'identity', 'character', 'impersonat', 'your new',
  // prompt extraction, also paraphrased
  'initial', 'original', 'hidden', 'secret', 'internal', 'confidential', 'underlying', 'verbatim', 'word for word',
  '(?:above|before this|so far) (?:verbatim|word for word|starting|exactly|in full|including)', 'told', 'instructed',
  'programmed', 'received', 'you got', 'were (?:given|sent|shown)', 'you (?:read|saw)', 'were you', 'have you been',
  '(?:before|above|prior to|preceding|ahead of|earlier than) (?:mine|my|this (?:conversation|chat|message|line|point)|the (?:conversation|chat|user|first)|our (?:conversation|chat)|i (?:joined|arrived|started|wrote|said)|we (?:started|began))',
  '(?:start|beginning|top) of (?:this|the|our) (?:conversation|chat|context)',
  '(?:words|lines|sentences|paragraphs?|characters|tokens|line|sentence) (?:of|in|from) (?:your|the|this)',
  '(?:rules|instructions|guidelines|directives|constraints|orders|restrictions|prompt|policies|commands) (?:were|have|did|are|govern|control|you)',
  'your (?:hidden|secret|internal|confidential|underlying|pre-?conversation|setup|behind|backstage|initial|original|starting|very first|first|invisible|private|preloaded|pre-loaded|built-in|baked-in)',
  '(?:written|said|stated|typed|there|in the text|in the messages?) (?:above|before|prior to|ahead of)',
  '(?:text|message|messages|prompt|instructions|context) (?:above|before|preceding|prior to)',
  // delimiters and context resets
  '(?:end|begin|beginning|start|close) of', '(?:new|reset|fresh|clear) (?:conversation|chat|session|context|dialog)',
  '(?:start|begin) a new', '(?:reset|clear|wipe|erase|flush|purge) (?:your|all|the)',
  // jailbreaks
  'do anything now', 'betterdan', 'anti-dan', 'mongo tom', 'evil confidant', 'machiavellian', 'strive to avoid', 'mode\\b',
  'jailbr', 'without', 'unfilter', 'uncensor', 'unrestrict', 'amoral', 'unalign',
  // encodings
  'base[ -]?64', 'hex', 'binary', 'morse', 'cipher', 'encod', 'obfuscat', 'caesar', 'ascii', 'unicode', 'reversed', 'backwards',
  'decod', 'decipher', 'decrypt',
  // goal hijack
  '(?:objectives?|directives?|instructions?|orders|purpose|programming|mission|priority|goal|task|job|assignment|mandate|role) (?:(?:is|are|now) )?(?:(?:to|now|hereby) )?(?:overrid|supersed|replac|takes? (?:precedence|priority)|cancel|void|invalidat|trump|outrank|comes? (?:first|before)|ha(?:s|ve) changed|changed|from now on|henceforth|effective|starting now|as of now)',
  'your (?:real|true|actual|sole|updated|revised|overriding|hidden|secret) ', 'supersed', 'precedence', 'priority over',
  'invalidat', 'trump', 'outrank', 'more important than', 'cancel', 'replac', 'void',
  '(?:earlier|previous|prior|above|original|old|initial|preceding|former|existing|system|default|safety|first|other) (?:instructions?|directives?|guidance|prompts?|objectives?|orders|programming|constraints|restrictions|guardrails|guidelines|rules|tasks?|goals?|commands)',
  '(?:current|original|assigned|actual|present|given|existing|previous|prior|initial) (?:task|objective|mission|assignment|goal|job|work|instructions?|duty|request)',
  'what(?:ever)? you (?:were|are|have been) (?:asked|told|instructed|supposed|programmed)', 'doing what you',
  "you (?:no longer|don't|do not|won't|will not|never) (?:need|have|got) to", "you(?: are|'re| re) (?:no longer|not|now free|free from|released|freed|unbound|exempt)",
  '(?:rules|restrictions|guidelines|filters|guardrails|limits|limitations|constraints|safeguards|policies|protections) (?:have|has|are|were|is)',
  // indirect injection: who is addressed, what is done, where data goes
  '(?<![a-z])(?:ai|a\\.i\\.|ais|llms?|gpt|chatgpt|claude|gemini|copilot)(?![a-z])', 'assistant', 'language model', 'chat ?bot',
  'bots?\\b', 'agent', 'model', 'summari[sz]er', 'tell the', 'inform the', 'advise the', 'urge the', 'warn the', 'recommend',
  '(?:say|state|claim|mention|write) that', '(?:respond|reply|answer) (?:only )?with',
  '(?:include|insert|append|add) (?:this|the following|the link|the url|a link|the phrase)', 'describe (?:this|it|the)',
  'praise', 'rate (?:this|it)', 'give (?:this|it)', 'send', 'forward', 'email', 'visit', 'open (?:this|the) (?:link|url)',
  '(?:call|use) the (?:function|tool)', 'http', 'www', 'address', 'url', 'link', 'endpoint', 'server', 'webhook', 'site',
  'domain', 'external', 'attacker', 'evil', 'query', 'image', 'markdown', 'pastebin', 'discord', 'telegram',
  'context window', 'preamble', 'notes', 'startup', 'new master', 'vanaf nu', 'od teraz', 'bundan sonra', 'a partir de',
  'desormais', 'dorenavant', 'ab jetzt', 'von nun an', 'ab sofort', 'da ora in poi', 'mulai sekarang', 'fran och med nu',
  'ab se', 'aaj se', 'earliest', 'password', 'credential', 'api keys?', 'access tokens?', 'private keys?', 'wording',
  // reversed text
  'erongi', 'dragersid', 'tegrof', 'snoitcurtsni', 'noitcurtsni', 'tpmorp', 'metsys', 'laever', 'edom repoleved',
  'won era uoy', 'selur', 'snoitcirtser',
];
// Two regexes, not one: an alternation of ~300 stems is too big for V8 to compile to native code
// (it falls back to its bytecode interpreter, ten times slower); plain words and phrases apart stay native.
const isPlain = (stem: string): boolean => /^[a-z '-]+$/i.test(stem);
const KEYWORDS = new RegExp(`\\b(?:${STEMS.filter(isPlain).join('|')})`, 'i');
const PHRASES = new RegExp(`\\b(?:${STEMS.filter((stem) => !isPlain(stem)).join('|')})`, 'i');

/**
 * False when `text` certainly triggers no injection rule; true when it may
 * (then run the full check). Linear in the length of `text`.
 */
export function mayContainInjection(text: string): boolean {
  return NOT_PLAIN.test(text) || MIXED.test(text) || SPELLED.test(text) || NAMES.test(text) || KEYWORDS.test(text) || PHRASES.test(text);
}
