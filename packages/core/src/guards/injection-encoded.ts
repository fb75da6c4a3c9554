import { eachMatch } from './each-match.js';
import { matchPhrases } from './injection-match.js';
import { foldForMatching, type FoldedText } from './injection-normalize.js';
import type { InjectionMatch, InjectionPattern } from './injection-rule-types.js';

const BASE64_BLOB = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_BLOB = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){10,}(?![0-9A-Fa-f])|(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]){9,}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])|(?:\\x[0-9A-Fa-f]{2}){8,}/g;
const ROT13_HINT = /(?<![\p{L}\p{N}])(?:rot[ -]?13|caesar)(?![\p{L}\p{N}])/u;
const MAX_BLOBS = 64;
const MAX_BLOB_LENGTH = 65_536;
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The rules worth finding inside a decoded payload (not the encoding rule itself). */
const payloadRules = (pattern: InjectionPattern): boolean => pattern.rule !== 'encoded_payload';

/**
 * Find base64 and hex blobs in `text` that decode to readable text containing
 * an injection phrase, and, when the text mentions rot13, phrases hidden by
 * rot13. Each hit is an `encoded_payload` match spanning the blob (or the
 * rot13 phrase) in `text`.
 */
export function findEncodedPayloads(text: string, folded: FoldedText): InjectionMatch[] {
  const matches: InjectionMatch[] = [];
  let blobs = 0;
  for (const pattern of [BASE64_BLOB, HEX_BLOB]) {
    eachMatch(pattern, text, (hit) => {
      if (++blobs > MAX_BLOBS) return false;
      if (hit[0].length > MAX_BLOB_LENGTH) return;
      const decoded = pattern === BASE64_BLOB ? decodeBase64(hit[0]) : decodeHex(hit[0]);
      if (decoded !== undefined && containsInjection(decoded)) {
        matches.push({ rule: 'encoded_payload', match: hit[0], index: hit.index });
      }
    });
  }
  if (ROT13_HINT.test(folded.text)) matches.push(...findRot13(text, folded));
  return matches;
}

function containsInjection(decoded: string): boolean {
  return matchPhrases(foldForMatching(decoded), decoded, payloadRules).length > 0;
}

function findRot13(text: string, folded: FoldedText): InjectionMatch[] {
  const rotated = { ...folded, text: rot13(folded.text) };
  return matchPhrases(rotated, text, payloadRules).map((hit) => ({ ...hit, rule: 'encoded_payload' as const }));
}

function rot13(text: string): string {
  return text.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}

function decodeBase64(blob: string): string | undefined {
  const standard = blob.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return undefined;
  try {
    const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
    return readable(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

function decodeHex(blob: string): string | undefined {
  const digits = blob.replace(/\\x|[ :]/g, '');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return readable(bytes);
}

/** Decode UTF-8 and keep it only when it reads as text (binary noise is not a payload). */
function readable(bytes: Uint8Array): string | undefined {
  const text = decoder.decode(bytes);
  let printable = 0;
  for (const char of text) {
    if (char !== '\uFFFD' && (char >= ' ' || char === '\n' || char === '\t' || char === '\r')) printable++;
  }
  return text.length >= 8 && printable / [...text].length >= 0.9 ? text : undefined;
}
