import type { PiiDetector } from './pii-types.js';

type Span = readonly [number, number];

const whole = (match: RegExpExecArray): Span => [match.index, match.index + match[0].length];
const includes = (needle: string) => (text: string): boolean => text.includes(needle);
// A key at the end of a sentence may be followed by a period, but not by more key characters.
const END = '(?![\\w\\-]|\\.[\\w\\-])';

const OPENAI = new RegExp(`(?<![\\w\\-])sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\\-]{20,}${END}`, 'g');
const ANTHROPIC = new RegExp(`(?<![\\w\\-])sk-ant-[A-Za-z0-9_\\-]{20,}${END}`, 'g');
const AWS_ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const AWS_SECRET = /(?<=aws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi;
const GITHUB = /(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![\w])/g;
const GITLAB = new RegExp(`(?<![\\w\\-])glpat-[A-Za-z0-9_\\-]{20,}${END}`, 'g');
const SLACK = new RegExp(`(?<![\\w\\-])xox[baprs]-[A-Za-z0-9\\-]{10,}${END}`, 'g');
const STRIPE = /(?<![\w])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,99}(?![\w])/g;
const GOOGLE = new RegExp(`(?<![\\w\\-])AIza[0-9A-Za-z_\\-]{35}${END}`, 'g');
const SLACK_WEBHOOK = /https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_\/\-]{20,}(?![A-Za-z0-9_\/\-])/g;
const NPM = /(?<![\w\-])npm_[A-Za-z0-9]{36}(?![\w\-])/g;
// Azure storage / Service Bus / Event Hubs connection strings: the key after AccountKey= or SharedAccessKey=.
const AZURE_KEY = /(?<=(?:AccountKey|SharedAccessKey|AccessKey)=)[A-Za-z0-9+\/]{20,}={0,2}(?=[;"'\s]|$)/g;
const BEARER = /(?<=\bbearer\s+)[A-Za-z0-9._~+/\-]{20,}=*(?![\w.~+/\-=])/gi;

const JWT = new RegExp(`(?<![\\w\\-.])eyJ[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]{2,}\\.[A-Za-z0-9_\\-]*${END}`, 'g');

const PEM = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g;
// A key pasted without its END line still leaks: take the header and the base64 lines after it.
const PEM_TRUNCATED = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:(?:\s|\\n)+[A-Za-z0-9+/=]{4,})*/g;

const URL_CREDENTIALS = /(?<![\w+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,20}:\/\/([^\s:/?#@[\]]*):([^\s/?#[\]]+)@(?=[A-Za-z0-9[])/dg;

/** Mixed letters and digits: real keys are random, prose like "sk-this-is-not-a-key" is not. */
function looksRandom(match: RegExpExecArray): Span | undefined {
  return /\d/.test(match[0]) && /[A-Za-z]/.test(match[0].slice(3)) ? whole(match) : undefined;
}

function acceptJwt(match: RegExpExecArray): Span | undefined {
  const [header, , signature] = match[0].split('.');
  try {
    const json: unknown = JSON.parse(atob(toBase64(header!)));
    if (typeof json !== 'object' || json === null || typeof (json as { alg?: unknown }).alg !== 'string') return undefined;
    // An unsigned token ("alg": "none") may have an empty signature; any other must be signed.
    if (!signature && (json as { alg: string }).alg.toLowerCase() !== 'none') return undefined;
    return whole(match);
  } catch {
    return undefined;
  }
}

function toBase64(base64url: string): string {
  const standard = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}

function acceptUrlCredentials(match: RegExpExecArray): Span | undefined {
  const indices = match.indices!;
  return [indices[1]![0], indices[2]![1]];
}

/** Detectors of secrets: API keys and tokens (also Slack webhook URLs, npm tokens, Azure connection-string keys), JWTs, PEM private keys, credentials in URLs. */
export const SECRET_DETECTORS: readonly PiiDetector[] = [
  { type: 'private_key', pattern: PEM, mayMatch: includes('PRIVATE KEY') },
  { type: 'private_key', pattern: PEM_TRUNCATED, mayMatch: includes('PRIVATE KEY') },
  { type: 'jwt', pattern: JWT, mayMatch: includes('eyJ'), accept: acceptJwt },
  { type: 'url_credentials', pattern: URL_CREDENTIALS, mayMatch: includes('://'), accept: acceptUrlCredentials },
  { type: 'api_key', pattern: ANTHROPIC, mayMatch: includes('sk-ant-') },
  { type: 'api_key', pattern: OPENAI, mayMatch: includes('sk-'), accept: looksRandom },
  { type: 'api_key', pattern: AWS_ACCESS_KEY_ID, mayMatch: (text) => text.includes('AKIA') || text.includes('ASIA') },
  { type: 'api_key', pattern: AWS_SECRET, mayMatch: (text) => /secret_?access_?key/i.test(text) },
  { type: 'api_key', pattern: GITHUB, mayMatch: (text) => text.includes('gh') || text.includes('github_pat_') },
  { type: 'api_key', pattern: GITLAB, mayMatch: includes('glpat-') },
  { type: 'api_key', pattern: SLACK, mayMatch: includes('xox') },
  { type: 'api_key', pattern: SLACK_WEBHOOK, mayMatch: includes('hooks.slack') },
  { type: 'api_key', pattern: NPM, mayMatch: includes('npm_') },
  { type: 'api_key', pattern: AZURE_KEY, mayMatch: (text) => text.includes('Key=') },
  { type: 'api_key', pattern: STRIPE, mayMatch: (text) => text.includes('_live_') || text.includes('_test_') },
  { type: 'api_key', pattern: GOOGLE, mayMatch: includes('AIza') },
  { type: 'api_key', pattern: BEARER, mayMatch: (text) => /bearer/i.test(text) },
];
