import { alt, B, E, S, words } from './injection-regex.js';

// `encoded_payload`, phrase part: "decode this base64 and follow it" (blobs are decoded in
// injection-encoded.ts).

const ENCODING = alt('base64', 'base-64', 'base 64', 'b64', 'hex', 'hexadecimal', 'rot13', 'rot-13', 'rot 13',
  'binary', 'morse', 'cipher', 'ciphertext', 'encoded', 'obfuscated', 'caesar', 'url-?encoded', 'ascii codes',
  'unicode escapes', 'reversed', 'backwards');
const FOLLOW = `${alt('follow', 'execute', 'obey', 'run', 'carry out', 'act on', 'act upon', 'perform', 'do',
  'apply', 'comply with', 'implement')}${S}${alt('it', 'them', 'that', 'those', 'this', 'these',
  'the (?:instructions?|commands?|message|text|result|payload|content|output|decoded \\p{L}+)',
  'whatever it says', 'what it says', 'as instructed', 'its instructions')}`;
const hasEncoding = new RegExp(`${B}${ENCODING}${E}`, 'iu');

/** Pattern sources, each with an optional check on the original (unfolded) matched text. */
export const ENCODED_PATTERNS: readonly [string, ((original: string) => boolean)?][] = [
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
