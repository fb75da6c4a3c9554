/**
 * Kinds of personal data and secrets that `redact` finds.
 *
 * - `email`, `phone` (NANP with separators or a +1, E.164 with a leading +, UK
 *   national format such as `020 7946 0958`),
 *   `us_ssn` (invalid areas, groups and serials rejected), `credit_card`
 *   (13-19 digits, Luhn and issuer prefix checked), `iban` (country length and
 *   mod-97 checked; compact lower case too), `ip_address` (IPv4 with octets 0-255, IPv6 incl. compressed).
 * - `api_key` (OpenAI, Anthropic, AWS access key id, GitHub, GitLab, Slack tokens and
 *   webhook URLs, Stripe, Google, npm, Azure `AccountKey=` keys, bearer tokens), `jwt` (header decodes to JSON with `alg`),
 *   `private_key` (PEM blocks), `url_credentials` (the `user:password` of
 *   `scheme://user:password@host`).
 * - `secret`: a value under a sensitive key (`password`, `token`, ...), only in `redactValue`.
 */
export type PiiType =
  | 'email'
  | 'phone'
  | 'us_ssn'
  | 'credit_card'
  | 'iban'
  | 'ip_address'
  | 'api_key'
  | 'jwt'
  | 'private_key'
  | 'url_credentials'
  | 'secret';

/** Every {@link PiiType}, in the order used to break ties between overlapping matches (most specific first). */
export const PII_TYPES: readonly PiiType[] = [
  'private_key',
  'jwt',
  'url_credentials',
  'api_key',
  'iban',
  'credit_card',
  'email',
  'us_ssn',
  'ip_address',
  'phone',
  'secret',
];

/** One redacted span. The original value is never included: findings are safe to log. */
export interface PiiFinding {
  /** What was found. */
  readonly type: PiiType;
  /** Start index in the ORIGINAL text (UTF-16 code units). */
  readonly start: number;
  /** End index (exclusive) in the ORIGINAL text (UTF-16 code units). */
  readonly end: number;
  /** The placeholder that replaced it, e.g. `[EMAIL_1]`. */
  readonly placeholder: string;
}

/** Placeholder -> original value; keep it on your side to undo a redaction with `restore`. */
export type RestoreMap = Record<string, string>;

/** Options of `redact` (and `redactValue`). */
export interface RedactOptions {
  /** Which kinds to find; default: all of them. */
  readonly types?: readonly PiiType[];
  /**
   * Build the placeholder for the `n`-th distinct value of `type` (n from 1).
   * Default: `[EMAIL_1]`, `[CREDIT_CARD_2]`, ... A custom format must not look
   * like personal data itself, or redacting twice would change the text.
   */
  readonly placeholder?: (type: PiiType, n: number) => string;
  /** Also return `restoreMap` so the caller can undo the redaction with `restore`. Default false. */
  readonly restore?: boolean;
}

/** What `redact` returns. */
export interface RedactResult {
  /** The text with every finding replaced by its placeholder. */
  readonly text: string;
  /** Every replaced span, ordered by `start`. */
  readonly findings: PiiFinding[];
  /** Present when `options.restore` is true. */
  readonly restoreMap?: RestoreMap;
}

/** A finding inside a nested value. */
export interface PiiValueFinding extends PiiFinding {
  /**
   * Dotted path of the string, e.g. `'notes.0.text'`; `''` for a top-level
   * string. Property names in the path are the redacted ones, so a path never
   * repeats a secret that was used as a key.
   */
  readonly path: string;
  /** True when the finding is in a property name (or Map key) rather than in a value. */
  readonly inKey?: true;
}

/** Options of `redactValue`. */
export interface RedactValueOptions extends RedactOptions {
  /**
   * Property names whose whole value is masked as `secret` (compared case-insensitively,
   * ignoring `-`, `_` and spaces). Default: `DEFAULT_SENSITIVE_KEYS`.
   */
  readonly sensitiveKeys?: readonly string[];
}

/** What `redactValue` returns. */
export interface RedactValueResult<T> {
  /** A redacted copy; the input is never mutated. */
  readonly value: T;
  /** Every replaced span, each with the path of its string. */
  readonly findings: PiiValueFinding[];
  /** Present when `options.restore` is true. */
  readonly restoreMap?: RestoreMap;
}

/** How one kind of personal data is found. Internal contract between detectors and `redact`. */
export interface PiiDetector {
  /** The kind it finds. */
  readonly type: PiiType;
  /** A global regex (with the `d` flag when `accept` reads group indices). */
  readonly pattern: RegExp;
  /** Cheap test that lets `redact` skip the regex on text that cannot match. */
  readonly mayMatch?: (text: string) => boolean;
  /** Validate a match and return the span to redact, or undefined to reject it. Default: the whole match. */
  readonly accept?: (match: RegExpExecArray, text: string) => readonly [number, number] | undefined;
}
