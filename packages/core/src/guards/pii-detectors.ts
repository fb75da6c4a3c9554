import { ibanValid, IBAN_LENGTHS, luhnValid } from './checksums.js';
import { IP_ADDRESS_DETECTORS } from './pii-ip-address.js';
import type { PiiDetector } from './pii-types.js';

type Span = readonly [number, number];

const hasDigit = (text: string): boolean => /\d/.test(text);
const whole = (match: RegExpExecArray): Span => [match.index, match.index + match[0].length];

// Not inside a longer address, and not the user part of a URL ("//user@host" is not an email).
const EMAIL =
  /(?<![\p{L}\p{N}._%+\-]|\/\/[^\s/?#@]*)[\p{L}\p{N}][\p{L}\p{N}._%+\-]{0,63}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}_\-])/gu;

const NANP = /(?<![\w+\-.\/])(?:\+?1[ .\-]?)?(?:\([ ]?[2-9]\d{2}[ ]?\)|[2-9]\d{2})[ .\-]?[2-9]\d{2}[ .\-]?\d{4}(?![\w\-]|[.\/]\d)/g;
const E164 = /(?<![\w+])\+[1-9]\d{0,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,6})){1,7}(?![\w\-]|[.\/]\d)/g;

// UK national format: a trunk 0, an area or mobile code, then the number, with spaces or dashes
// ("020 7946 0958", "0161 496 0000", "07700 900123", "(020) 7946 0958").
const UK_NATIONAL = /(?<![\w+\-.\/])(?:\(0[1-37-9]\d{1,3}\)|0[1-37-9]\d{1,3})[ \-]?\d{3,4}[ \-]?\d{3,4}(?![\w\-]|[.\/]\d)/g;

const SSN = /(?<![\w\-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w\-]|[.\/]\d)/g;
const SSN_LABELED = /(?<=\b(?:ssn|social security(?: number| no\.?| #)?)\s*[:#]?\s*)\d{9}(?!\d)/gi;

const CARD = /(?<![\w\-.+])\d(?:[ \-]?\d){12,18}(?![\w\-]|[.\/]\d)/g;

// Only the start is matched: `acceptIban` reads the country's exact length from there.
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=(?: ?[A-Z0-9]){10})/g;
// Typed or pasted in lower case, an IBAN is compact ("gb82west12345698765432"); spaced lower-case groups are prose.
const IBAN_LOWER = /(?<![A-Za-z0-9])[a-z]{2}\d{2}[a-z0-9]{10,30}(?![A-Za-z0-9])/g;

/** Valid SSN: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

/** True when a 13-19 digit number starts like a real issuer's card (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro) of a length that issuer uses. */
export function isPlausibleCard(digits: string): boolean {
  const n = digits.length;
  const two = Number(digits.slice(0, 2));
  const three = Number(digits.slice(0, 3));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return n === 16;
  if (two === 34 || two === 37) return n === 15;
  if ((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39) return n >= 14 && n <= 19;
  if (two === 35) return n >= 16 && n <= 19;
  if (digits[0] === '6' || two === 50 || (two >= 56 && two <= 58)) return n >= 13 && n <= 19;
  return false;
}

function acceptPhone(match: RegExpExecArray): Span | undefined {
  const text = match[0];
  const digits = text.replace(/\D/g, '').length;
  if (text.startsWith('+')) return digits >= 8 && digits <= 15 ? whole(match) : undefined;
  // A bare run of digits is an order or account number, not a phone number.
  return /[ .\-()]/.test(text) ? whole(match) : undefined;
}

/** Try the whole digit run, then shorter runs ending at a separator (a card followed by more numbers). */
function acceptCard(match: RegExpExecArray): Span | undefined {
  let text = match[0];
  while (text.replace(/\D/g, '').length >= 13) {
    const digits = text.replace(/\D/g, '');
    if (digits.length <= 19 && isPlausibleCard(digits) && luhnValid(digits)) return [match.index, match.index + text.length];
    const cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('-'));
    if (cut <= 0) return undefined;
    text = text.slice(0, cut);
  }
  return undefined;
}

/** A UK national number: 10 or 11 digits with at least one separator (a bare digit run is an id, not a phone). */
function acceptUkPhone(match: RegExpExecArray): Span | undefined {
  const digits = match[0].replace(/\D/g, '').length;
  return (digits === 10 || digits === 11) && /[ \-()]/.test(match[0]) ? whole(match) : undefined;
}

/** A compact lower-case IBAN: its country's length and mod 97 once upper-cased. */
function acceptLowerIban(match: RegExpExecArray): Span | undefined {
  return ibanValid(match[0].toUpperCase()) ? whole(match) : undefined;
}

/** Read exactly the country's IBAN length (spaces allowed between characters) and check mod 97. */
function acceptIban(match: RegExpExecArray, text: string): Span | undefined {
  const length = IBAN_LENGTHS[match[0].slice(0, 2)];
  if (length === undefined) return undefined;
  let compact = '';
  let end = match.index;
  while (end < text.length && compact.length < length) {
    const char = text[end]!;
    if (char !== ' ') compact += char;
    else if (text[end + 1] === ' ') return undefined;
    end++;
  }
  if (compact.length !== length || /[A-Za-z0-9]/.test(text[end] ?? '') || !ibanValid(compact)) return undefined;
  return [match.index, end];
}

/** Detectors of personal data: email, phone (NANP, E.164, UK national), US SSN, payment card, IBAN, IP address. */
export const PII_DETECTORS: readonly PiiDetector[] = [
  { type: 'email', pattern: EMAIL, mayMatch: (text) => text.includes('@') },
  { type: 'phone', pattern: NANP, mayMatch: hasDigit, accept: acceptPhone },
  { type: 'phone', pattern: E164, mayMatch: (text) => text.includes('+'), accept: acceptPhone },
  { type: 'phone', pattern: UK_NATIONAL, mayMatch: (text) => text.includes('0'), accept: acceptUkPhone },
  {
    type: 'us_ssn',
    pattern: SSN,
    mayMatch: hasDigit,
    accept: (match) => (isValidSsn(match[1]!, match[3]!, match[4]!) ? whole(match) : undefined),
  },
  {
    type: 'us_ssn',
    pattern: SSN_LABELED,
    mayMatch: hasDigit,
    accept: (match) => {
      const d = match[0];
      return isValidSsn(d.slice(0, 3), d.slice(3, 5), d.slice(5)) ? whole(match) : undefined;
    },
  },
  { type: 'credit_card', pattern: CARD, mayMatch: hasDigit, accept: acceptCard },
  { type: 'iban', pattern: IBAN, mayMatch: hasDigit, accept: acceptIban },
  { type: 'iban', pattern: IBAN_LOWER, mayMatch: hasDigit, accept: acceptLowerIban },
  ...IP_ADDRESS_DETECTORS,
];
