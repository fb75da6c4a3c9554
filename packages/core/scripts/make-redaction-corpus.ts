/**
 * Writes test/fixtures/redaction-corpus.jsonl: realistic sentences with
 * embedded personal data and secrets of every type, labeled with their exact
 * spans, plus hard negatives (order numbers, dates, versions, UUIDs, hashes,
 * prices, Luhn-failing card-like numbers, invalid SSNs, ISBNs, tracking
 * numbers, timestamps, localhost ports, ...). Seeded: the output is stable and
 * committed; rerun after changing the generators:
 *
 *   npx tsx packages/core/scripts/make-redaction-corpus.ts
 *
 * Labeling decisions (the detector follows the same ones):
 * - A dotted quad with octets 0-255 is an IP address, except after "v",
 *   "version", "build", "release" or when followed by "-suffix" (a version).
 * - A bare 10-digit run is an order/account number, not a phone number; phones
 *   need separators, parentheses or a leading "+".
 * - `scheme://user@host` (no password) is not labeled; only `user:password` is.
 * - PEM public keys and certificates are not secrets.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Type = 'email' | 'phone' | 'us_ssn' | 'credit_card' | 'iban' | 'ip_address' | 'api_key' | 'jwt' | 'private_key' | 'url_credentials';

/** A corpus line: the text and its labeled spans. */
export interface CorpusLine {
  id: string;
  text: string;
  spans: Array<{ type: Type; start: number; end: number }>;
}

/** A generated value: the text to embed, and its labeled parts (offsets inside `text`). */
interface Value {
  text: string;
  spans: CorpusLine['spans'];
}

// ---- seeded randomness -------------------------------------------------------------------

let seed = 20240611;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('');
const chars = (alphabet: string, n: number): string => Array.from({ length: n }, () => alphabet[int(0, alphabet.length - 1)]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64URL = ALNUM + '-_';
const HEX = '0123456789abcdef';
const labeled = (type: Type, text: string): Value => ({ text, spans: [{ type, start: 0, end: text.length }] });
const plain = (text: string): Value => ({ text, spans: [] });
/** Random letters+digits that surely hold both (real keys are random). */
const keyBody = (alphabet: string, n: number): string => chars(alphabet, n - 2) + pick(['7', '3', '9']) + pick(['q', 'Z', 'm']);

// ---- positives ---------------------------------------------------------------------------

const FIRST = ['ana', 'john', 'maria', 'li', 'omar', 'sofia', 'lukas', 'priya', 'kenji', 'fatima', 'noah', 'chloe'];
const LAST = ['garcia', 'smith', 'muller', 'chen', 'haddad', 'rossi', 'kowalski', 'patel', 'tanaka', 'dubois'];
const DOMAINS = ['example.com', 'mail.example.org', 'acme.io', 'contoso.co.uk', 'uni-bonn.de', 'startup.dev', 'fastmail.fm'];

function email(): Value {
  const local = pick([
    () => `${pick(FIRST)}.${pick(LAST)}`,
    () => `${pick(FIRST)}${int(1, 99)}`,
    () => `${pick(FIRST)}+${pick(['news', 'billing', 'test'])}`,
    () => `${pick(FIRST)[0]}${pick(LAST)}`,
    () => `${pick(FIRST)}_${pick(LAST)}`.toUpperCase(),
  ])();
  return labeled('email', `${local}@${pick(DOMAINS)}`);
}

function nanp(): string {
  const area = `${int(2, 9)}${digits(2)}`;
  const exchange = `${int(2, 9)}${digits(2)}`;
  const line = digits(4);
  return pick([
    `(${area}) ${exchange}-${line}`,
    `${area}-${exchange}-${line}`,
    `${area}.${exchange}.${line}`,
    `+1 ${area} ${exchange} ${line}`,
    `+1-${area}-${exchange}-${line}`,
    `1-${area}-${exchange}-${line}`,
    `(${area})${exchange}-${line}`,
    `+1 (${area}) ${exchange}-${line}`,
  ]);
}

function international(): string {
  return pick([
    () => `+44 20 ${digits(4)} ${digits(4)}`,
    () => `+44 7${digits(3)} ${digits(6)}`,
    () => `+49 151 ${digits(8)}`,
    () => `+49${int(150, 179)}${digits(8)}`,
    () => `+33 1 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    () => `+34 ${int(600, 699)} ${digits(3)} ${digits(3)}`,
    () => `+81 3-${digits(4)}-${digits(4)}`,
    () => `+61 2 ${digits(4)} ${digits(4)}`,
    () => `+91 ${int(70000, 99999)} ${digits(5)}`,
    () => `+353 1 ${digits(3)} ${digits(4)}`,
  ])();
}

const phone = (): Value => labeled('phone', random() < 0.55 ? nanp() : international());

function validSsn(): string {
  let area = int(1, 899);
  if (area === 666) area = 665;
  return `${String(area).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-${String(int(1, 9999)).padStart(4, '0')}`;
}
const ssn = (): Value => labeled('us_ssn', validSsn());

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function cardNumber(valid: boolean): { number: string; groups: number[] } {
  const [prefix, length, groups] = pick<[string, number, number[]]>([
    ['4', 16, [4, 4, 4, 4]],
    [String(int(51, 55)), 16, [4, 4, 4, 4]],
    [String(int(2221, 2720)), 16, [4, 4, 4, 4]],
    [pick(['34', '37']), 15, [4, 6, 5]],
    ['6011', 16, [4, 4, 4, 4]],
    ['4', 13, [4, 4, 5]],
    [String(int(3528, 3589)), 16, [4, 4, 4, 4]],
  ]);
  const body = prefix + digits(length - prefix.length - 1);
  const check = luhnDigit(body);
  const last = valid ? check : String((Number(check) + int(1, 9)) % 10);
  return { number: body + last, groups };
}

function formatCard({ number, groups }: { number: string; groups: number[] }): string {
  const separator = pick([' ', '-', '']);
  const parts: string[] = [];
  let i = 0;
  for (const size of groups) {
    parts.push(number.slice(i, i + size));
    i += size;
  }
  return parts.join(separator);
}
const card = (): Value => labeled('credit_card', formatCard(cardNumber(true)));

function ibanCheck(country: string, bban: string): string {
  const rearranged = bban + country + '00';
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    remainder = code >= 65 ? (remainder * 100 + (code - 55)) % 97 : (remainder * 10 + (code - 48)) % 97;
  }
  return String(98 - remainder).padStart(2, '0');
}

function ibanNumber(valid: boolean): string {
  const [country, bban] = pick<[string, string]>([
    ['DE', digits(18)],
    ['GB', chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(14)],
    ['FR', digits(10) + chars(UPPER_DIGITS, 11) + digits(2)],
    ['NL', chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4) + digits(10)],
    ['ES', digits(20)],
    ['IT', chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1) + digits(10) + chars(UPPER_DIGITS, 12)],
    ['CH', digits(17)],
    ['BE', digits(12)],
  ]);
  let check = ibanCheck(country, bban);
  if (!valid) check = String((Number(check) + int(1, 50)) % 100).padStart(2, '0');
  const compact = country + check + bban;
  return random() < 0.5 ? compact : compact.replace(/(.{4})/g, '$1 ').trim();
}
const iban = (): Value => labeled('iban', ibanNumber(true));

function ipv4(): string {
  return pick([
    () => `192.168.${int(0, 255)}.${int(1, 254)}`,
    () => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    () => `${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
    () => `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`,
  ])();
}
function ipv6(): string {
  const group = (): string => chars(HEX, int(1, 4));
  return pick([
    () => `2001:db8:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`,
    () => `2001:db8::${group()}:${group()}`,
    () => `fe80::${group()}:${group()}:${group()}:${group()}`,
    () => '::1',
    () => `2a03:2880:f12f:${group()}::${group()}`,
    () => `::ffff:${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
  ])();
}
const ip = (): Value => labeled('ip_address', random() < 0.6 ? ipv4() : ipv6());

function apiKey(): Value {
  return labeled('api_key', pick([
    () => `sk-${keyBody(ALNUM, 48)}`,
    () => `sk-proj-${keyBody(B64URL, 64)}`,
    () => `sk-ant-api03-${keyBody(B64URL, 86)}AA`,
    () => `AKIA${chars(UPPER_DIGITS, 16)}`,
    () => `ASIA${chars(UPPER_DIGITS, 16)}`,
    () => `ghp_${keyBody(ALNUM, 36)}`,
    () => `gho_${keyBody(ALNUM, 36)}`,
    () => `ghs_${keyBody(ALNUM, 36)}`,
    () => `github_pat_${keyBody(ALNUM, 22)}_${keyBody(ALNUM, 59)}`,
    () => `glpat-${keyBody(B64URL, 20)}`,
    () => `xoxb-${digits(11)}-${digits(13)}-${keyBody(ALNUM, 24)}`,
    () => `xoxp-${digits(11)}-${digits(12)}-${digits(13)}-${keyBody(HEX, 32)}`,
    () => `sk_live_${keyBody(ALNUM, 24)}`,
    () => `rk_live_${keyBody(ALNUM, 24)}`,
    () => `pk_test_${keyBody(ALNUM, 24)}`,
    () => `AIza${keyBody(B64URL, 35)}`,
  ])());
}

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
function jwt(): Value {
  const header = b64url(JSON.stringify({ alg: pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: digits(6), name: `${pick(FIRST)} ${pick(LAST)}`, iat: 1700000000 + int(0, 999999) }));
  return labeled('jwt', `${header}.${payload}.${chars(B64URL, 43)}`);
}

function pem(): Value {
  const kind = pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
  const lines = Array.from({ length: int(2, 5) }, () => chars(ALNUM + '+/', 64));
  return labeled('private_key', `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----`);
}

function urlCredentials(): Value {
  const scheme = pick(['postgres', 'mysql', 'https', 'redis', 'amqp', 'mongodb+srv', 'ftp']);
  const user = pick(['admin', 'app_user', 'deploy', pick(FIRST), 'svc-reporting']);
  const password = pick([chars(ALNUM, 12), `${pick(['Summer', 'Winter'])}${int(2019, 2025)}!`, chars(ALNUM + '%-.', 16)]);
  const prefix = `${scheme}://`;
  const host = pick(['db.internal', 'cache.example.com', '10.0.3.7', 'queue.acme.io']);
  const credentials = `${user}:${password}`;
  const text = `${prefix}${credentials}@${host}:${int(1000, 9999)}/${pick(['app', 'prod', 'events'])}`;
  const spans: CorpusLine['spans'] = [{ type: 'url_credentials', start: prefix.length, end: prefix.length + credentials.length }];
  // An IP host is an IP address like any other.
  const hostStart = prefix.length + credentials.length + 1;
  if (/^\d/.test(host)) spans.push({ type: 'ip_address', start: hostStart, end: hostStart + host.length });
  return { text, spans };
}

// ---- hard negatives ----------------------------------------------------------------------

const NEGATIVES: Array<() => string> = [
  () => `ORD-${int(2019, 2025)}-${digits(6)}`,
  () => `#${digits(8)}`,
  () => `${int(2, 9)}${digits(9)}`, // bare 10-digit order number
  () => `INV-${digits(5)}`,
  () => `${int(2019, 2025)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
  () => `${String(int(1, 12)).padStart(2, '0')}/${String(int(1, 28)).padStart(2, '0')}/${int(2019, 2025)}`,
  () => `${String(int(1, 28)).padStart(2, '0')}.${String(int(1, 12)).padStart(2, '0')}.${int(2019, 2025)}`,
  () => `${int(2019, 2025)}-03-${String(int(10, 28))}T${String(int(10, 23))}:${String(int(10, 59))}:${String(int(10, 59))}Z`,
  () => `${1_600_000_000 + int(0, 99_999_999)}`,
  () => `${1_600_000_000_000 + int(0, 99_999_999)}`,
  () => `v${int(0, 9)}.${int(0, 20)}.${int(0, 40)}`,
  () => `version ${int(1, 12)}.${int(0, 9)}.${int(0, 9)}.${int(0, 99)}`,
  () => `${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 9)}-beta`,
  () => `build 10.0.${int(10000, 22999)}.${int(1, 999)}`,
  () => `${int(1, 9)}.${int(0, 20)}.${int(0, 9)}`,
  () => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-a${chars(HEX, 3)}-${chars(HEX, 12)}`,
  () => chars(HEX, 64),
  () => chars(HEX, 40),
  () => chars(HEX, 7),
  () => `$${int(1, 99)},${digits(3)}.${digits(2)}`,
  () => `€${int(1, 999)}.${digits(2)}`,
  () => `USD ${int(1, 99)},${digits(3)}`,
  () => formatCard(cardNumber(false)),
  () => `${pick(['000', '666', String(int(900, 999))])}-${String(int(1, 99)).padStart(2, '0')}-${digits(4).replace(/^0000$/, '1234')}`,
  () => `${String(int(1, 665)).padStart(3, '0')}-00-${String(int(1, 9999)).padStart(4, '0')}`,
  () => `${String(int(1, 665)).padStart(3, '0')}-${String(int(1, 99)).padStart(2, '0')}-0000`,
  () => `978-${int(0, 9)}-${digits(2)}-${digits(6)}-${int(0, 9)}`,
  () => `ISBN 0-${digits(3)}-${digits(5)}-${int(0, 9)}`,
  () => `1Z${chars(UPPER_DIGITS, 6)}${digits(10)}`,
  () => `9400 1000 0000 ${digits(4)} ${digits(4)} ${digits(2)}`,
  () => `localhost:${pick(['8080', '3000', '5173', '5432'])}`,
  () => `http://localhost:${int(3000, 9000)}/health`,
  () => `${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`,
  () => Array.from({ length: 6 }, () => chars('0123456789ABCDEF', 2)).join(':'),
  () => `${int(256, 999)}.${int(0, 255)}.${int(0, 255)}.${int(0, 255)}`,
  () => `1${digits(2)}-${int(2, 9)}${digits(2)}-${digits(4)}`, // area code starting with 1: not a NANP number
  () => `${int(2, 9)}${digits(2)}-${digits(4)}`,
  () => ibanNumber(false),
  () => pick(['sk-learn', 'task-force', 'sk-this-is-not-a-real-key', 'risk-adjusted']),
  () => pick(['user@localhost', '@channel', 'name at example dot com', 'support[at]example.com']),
  () => `https://${pick(['example.com', 'docs.acme.io'])}/${pick(['pricing', 'api/v2/users', 'blog/2024/03'])}?page=${int(1, 9)}`,
  () => `https://${pick(FIRST)}@git.example.com/repo.git`,
  () => '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
  () => '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----',
  () => `abc.def.${chars(ALNUM, 10)}`,
  () => `AKIA${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}`,
  () => `${int(10, 99)} kg`,
  () => `+${int(5, 95)}%`,
  () => `room ${int(100, 999)}, floor ${int(1, 40)}`,
  () => `${digits(5)}-${digits(4)}`,
  () => `std::vector<int>`,
  () => `Foo::Bar::baz()`,
];

// ---- sentences ---------------------------------------------------------------------------

type Slot = () => Value;
const neg: Slot = () => plain(pick(NEGATIVES)());

const TEMPLATES: Array<[string, Slot[]]> = [
  ['Please send the invoice to {} by Friday.', [email]],
  ['Contact {} or {} for access.', [email, email]],
  ['My new address is {}, the old one ({}) is closed.', [email, email]],
  ['Reply-To: {}', [email]],
  ['Call me at {} after 5pm.', [phone]],
  ['Office: {} / Mobile: {}', [phone, phone]],
  ['The customer ({}) asked to be called on {}.', [email, phone]],
  ['You can reach our Berlin desk on {}.', [phone]],
  ['SSN {} was entered on the form.', [ssn]],
  ['Employee record: {}, DOB 1984-02-11.', [ssn]],
  ['Charge card {} for order {}.', [card, neg]],
  ['Card on file: {} (exp 04/27).', [card]],
  ['Refund to {} processed on {}.', [card, neg]],
  ['Wire the deposit to IBAN {} before {}.', [iban, neg]],
  ['Beneficiary account {}, reference {}.', [iban, neg]],
  ['Request from {} blocked at {}.', [ip, neg]],
  ['The server at {} answered, the fallback {} did not.', [ip, ip]],
  ['Login from {} for {}.', [ip, email]],
  ['Set OPENAI_API_KEY={} in the env file.', [apiKey]],
  ['The leaked token {} was rotated on {}.', [apiKey, neg]],
  ['config: key={} region=eu-west-1', [apiKey]],
  ['Use {} and {} for the integration test.', [apiKey, apiKey]],
  ['Authorization header carried {} in the logs.', [jwt]],
  ['session={}; Path=/; HttpOnly', [jwt]],
  ['Here is the deploy key:\n{}\nDo not share it.', [pem]],
  ['DATABASE_URL={}', [urlCredentials]],
  ['Connect with {} and ping {}.', [urlCredentials, ip]],
  ['Ticket {} from {}: card {} was declined.', [neg, email, card]],
  ['Escalate: {} called from {} about IBAN {}.', [email, phone, iban]],
  ['Shipment {} for {} left the warehouse on {}.', [neg, email, neg]],
  ['User {} with SSN {} and phone {}.', [email, ssn, phone]],
  ['Key {} leaked next to {} in commit {}.', [apiKey, email, neg]],
  ['In {} we fixed {} (see build {}).', [neg, neg, neg]],
  ['Order {} totalled {} and shipped {}.', [neg, neg, neg]],
  ['Reference {}, checksum {}, id {}.', [neg, neg, neg]],
  ['Tracking {} — expected {}.', [neg, neg]],
  ['The docs at {} mention {}.', [neg, neg]],
  ['Upgrade to {} before {}.', [neg, neg]],
  ['Values: {}, {}, {}.', [neg, neg, neg]],
  ['Call {} or write to {}; ref {}.', [phone, email, neg]],
];

/** Hand-written lines: [text, [type, exact substring]...]. Labels follow the decisions above. */
const FIXED: Array<[string, Array<[Type, string]>]> = [
  ['Email me at JOHN.DOE@EXAMPLE.COM.', [['email', 'JOHN.DOE@EXAMPLE.COM']]],
  ['Reach Jürgen at jürgen.müller@beispiel.de today.', [['email', 'jürgen.müller@beispiel.de']]],
  ['<a href="mailto:ana@example.com">mail</a>', [['email', 'ana@example.com']]],
  ['Her number is 415.555.0132, or +1 (212) 555-0199 ext 12.', [['phone', '415.555.0132'], ['phone', '+1 (212) 555-0199']]],
  ['Tel: +44 20 7946 0958 (London), +4915112345678 (mobile)', [['phone', '+44 20 7946 0958'], ['phone', '+4915112345678']]],
  ['IP list: 8.8.8.8,1.1.1.1', [['ip_address', '8.8.8.8'], ['ip_address', '1.1.1.1']]],
  ['Server [2001:db8::1]:8080 is up.', [['ip_address', '2001:db8::1']]],
  ['Ping 10.0.0.1/24 and fe80::1%eth0.', [['ip_address', '10.0.0.1'], ['ip_address', 'fe80::1']]],
  ['Card: 5555555555554444, Amex 3782-822463-10005.', [['credit_card', '5555555555554444'], ['credit_card', '3782-822463-10005']]],
  ['SSN: 078-05-1120 (sample).', [['us_ssn', '078-05-1120']]],
  ['Send to GB33BUKB20201555555555 or FR14 2004 1010 0505 0001 3M02 606.', [['iban', 'GB33BUKB20201555555555'], ['iban', 'FR14 2004 1010 0505 0001 3M02 606']]],
  ['export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', [['api_key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']]],
  ['export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', [['api_key', 'AKIAIOSFODNN7EXAMPLE']]],
  ["curl -H 'Authorization: Bearer sk-ant-api03-Xy7qLm2Np9Rs4Tv6Wz8Bc1Df3Gh5Jk0Ab'", [['api_key', 'sk-ant-api03-Xy7qLm2Np9Rs4Tv6Wz8Bc1Df3Gh5Jk0Ab']]],
  ['Authorization: Bearer 2f9d8c7b6a5e4d3c2b1a0f9e8d7c6b5a', [['api_key', '2f9d8c7b6a5e4d3c2b1a0f9e8d7c6b5a']]],
  ['token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U.', [['jwt', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U']]],
  ['{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----"}', [['private_key', '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----']]],
  ['redis://:p4ssw0rd@cache:6379/0', [['url_credentials', ':p4ssw0rd']]],
  ['Slack bot xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx posted.', [['api_key', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx']]],
  ['Google key AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI in the app.', [['api_key', 'AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI']]],
  ['Call 911 or the front desk at ext. 4521.', []],
  ['Flight UA 1234 departs 10:45 from gate B22.', []],
  ['Build 20240315.1 passed; ratio 1:2:3.', []],
  ['Python 3.11.4 and node v20.20.2 are installed.', []],
  ['Chromium 124.0.6367.78 renders it fine.', []],
  ['User agent: Chrome/120.0.0.0 Safari/537.36', []],
  ['The ZIP code is 94107-1234 and the PO box 4521.', []],
  ['Order 4155550132 shipped; invoice 2024-00017.', []],
  ['Commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it.', []],
  ['Pay $1,299.99 by 03/15/2024 or €1.299,99.', []],
  ['Test card 4111 1111 1111 1112 fails Luhn.', []],
  ['SSN 000-12-3456 and 123-45-0000 are invalid.', []],
  ['ISBN 978-0-306-40615-7 is a book.', []],
  ['Run on localhost:8080 or 0.0.0.0 port 3000.', [['ip_address', '0.0.0.0']]],
  ['Use std::map and Foo::Bar in C++ and Rust.', []],
  ['MAC 00:1A:2B:3C:4D:5E is the router.', []],
  ['Ignore the noise and focus on the report.', []],
  ['The meeting moved to 3pm; bring the Q3 numbers.', []],
  ['Version 2.4.1 fixes the crash reported in #4521.', []],
  ['Pi is about 3.14159 and e is about 2.71828.', []],
  ['Score: 10.0.0.1-rc1 is a tag name, not an address.', []],
];

function build(template: string, slots: Slot[]): { text: string; spans: CorpusLine['spans'] } {
  const parts = template.split('{}');
  let text = parts[0]!;
  const spans: CorpusLine['spans'] = [];
  slots.forEach((slot, i) => {
    const value = slot();
    for (const span of value.spans) spans.push({ ...span, start: text.length + span.start, end: text.length + span.end });
    text += value.text + parts[i + 1]!;
  });
  return { text, spans };
}

/** Generate the corpus (deterministic for a given seed). */
export function makeCorpus(lines = 320): CorpusLine[] {
  seed = 20240611;
  const corpus: CorpusLine[] = [];
  for (let i = 0; i < lines; i++) {
    const [template, slots] = TEMPLATES[i % TEMPLATES.length]!;
    corpus.push({ id: `g${String(i).padStart(3, '0')}`, ...build(template, slots) });
  }
  FIXED.forEach(([text, labels], i) => {
    const spans = labels.map(([type, part]) => {
      const start = text.indexOf(part);
      if (start < 0) throw new Error(`"${part}" is not in "${text}"`);
      return { type, start, end: start + part.length };
    });
    corpus.push({ id: `f${String(i).padStart(2, '0')}`, text, spans });
  });
  return corpus;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'redaction-corpus.jsonl');
  const corpus = makeCorpus();
  writeFileSync(out, corpus.map((line) => JSON.stringify(line)).join('\n') + '\n');
  console.log(`wrote ${corpus.length} lines to ${out}`);
}
