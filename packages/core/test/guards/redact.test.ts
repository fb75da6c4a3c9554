import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from '../../src/guards/checksums.js';
import { isIPv4, isIPv6 } from '../../src/guards/pii-ip-address.js';
import type { PiiType } from '../../src/guards/pii-types.js';
import { redact } from '../../src/guards/redact.js';
import { restore } from '../../src/guards/redact-restore.js';

const only = (text: string): Array<[PiiType, string]> =>
  redact(text).findings.map((f) => [f.type, text.slice(f.start, f.end)]);

const POSITIVES: Array<[PiiType, string]> = [
  ['email', 'ana.garcia@example.com'],
  ['email', 'JOHN+news@mail.example.co.uk'],
  ['phone', '(415) 555-0132'],
  ['phone', '415-555-0132'],
  ['phone', '+1 415 555 0132'],
  ['phone', '+44 20 7946 0958'],
  ['phone', '+4915112345678'],
  ['us_ssn', '123-45-6789'],
  ['credit_card', '4111 1111 1111 1111'],
  ['credit_card', '4111-1111-1111-1111'],
  ['credit_card', '5555555555554444'],
  ['credit_card', '378282246310005'],
  ['iban', 'DE89 3704 0044 0532 0130 00'],
  ['iban', 'GB82WEST12345698765432'],
  ['ip_address', '192.168.1.10'],
  ['ip_address', '2001:db8::8a2e:370:7334'],
  ['ip_address', '::1'],
  ['ip_address', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ['api_key', 'sk-proj-abc123DEF456ghi789JKL012mno'],
  ['api_key', 'sk-ant-api03-abcdefghijklmnop1234567890'],
  ['api_key', 'AKIAIOSFODNN7EXAMPLE'],
  ['api_key', 'ASIAY34FZKBOKMUTVV7A'],
  ['api_key', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
  ['api_key', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
  ['api_key', 'glpat-abcdefghij1234567890'],
  ['api_key', 'xoxb-1234567890-abcdefXYZ'],
  ['api_key', 'sk_live_abcdefghij1234567890'],
  ['api_key', 'rk_test_abcdefghij1234567890'],
  ['api_key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
  ['jwt', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  ['private_key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234\nabcd==\n-----END RSA PRIVATE KEY-----'],
];

const NEGATIVES: string[] = [
  'Order 4155550132 shipped on 2024-03-15.',
  'Release v1.2.3 and version 1.2.3.4 and 1.2.3.4-beta',
  'uuid 123e4567-e89b-12d3-a456-426614174000',
  'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'Total $1,234.56 due 03/15/2024',
  'Card 4111 1111 1111 1112 fails the Luhn check',
  'SSNs 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000',
  'ISBN 978-3-16-148410-0',
  'UPS 1Z999AA10123456784',
  'epoch 1700000000 and 1700000000123',
  'dev server on localhost:8080',
  'time 12:30:45, MAC 00:1A:2B:3C:4D:5E, std::vector',
  'IP-like 256.1.1.1 and 1.2.3',
  'IBAN with a bad checksum DE00 3704 0044 0532 0130 00',
  'not a key: sk-learn, sk-this-is-not-a-real-key',
  'JWT-like eyJub3QiOiJhIHRva2VuIn0.eyJ4Ijox.abc (header has no alg)',
  '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
  'https://example.com/path?q=1 and https://user@example.com/',
  '123-456-7890 has an invalid area code',
];

describe('redact', () => {
  it.each(POSITIVES)('finds %s in %j', (type, value) => {
    const text = `before ${value} after`;
    expect(only(text)).toEqual([[type, value]]);
    expect(redact(text).text).toBe(`before [${type.toUpperCase()}_1] after`);
  });

  it.each(NEGATIVES)('leaves %j alone', (text) => {
    expect(redact(text)).toEqual({ text, findings: [] });
  });

  it('masks only user:password of credentials in a URL', () => {
    const result = redact('DATABASE_URL=postgres://admin:s3cret@db.example.com:5432/app');
    expect(result.text).toBe('DATABASE_URL=postgres://[URL_CREDENTIALS_1]@db.example.com:5432/app');
  });

  it('reports findings with start/end in the original text', () => {
    const text = 'Mail ana@example.com or call (415) 555-0132.';
    const { findings } = redact(text);
    expect(findings).toEqual([
      { type: 'email', start: 5, end: 20, placeholder: '[EMAIL_1]' },
      { type: 'phone', start: 29, end: 43, placeholder: '[PHONE_1]' },
    ]);
  });

  it('gives the same value the same placeholder and distinct values distinct numbers', () => {
    const result = redact('a@x.io, b@x.io, a@x.io');
    expect(result.text).toBe('[EMAIL_1], [EMAIL_2], [EMAIL_1]');
  });

  it('never replaces inside a replaced span: a PEM block wins over the key-like text inside it', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nAKIAIOSFODNN7EXAMPLE ana@example.com\n-----END PRIVATE KEY-----';
    expect(redact(`key: ${pem} end`).text).toBe('key: [PRIVATE_KEY_1] end');
  });

  it('prefers the more specific span when detectors overlap', () => {
    // The phone-like digits are part of a card; the email is part of a URL's credentials.
    expect(redact('pay 4111-1111-1111-1111 now').text).toBe('pay [CREDIT_CARD_1] now');
    expect(redact('ftp://bob:pw@files.example.com').text).toBe('ftp://[URL_CREDENTIALS_1]@files.example.com');
  });

  it('redacts data made adjacent by a replacement, so a second pass changes nothing', () => {
    const text = 'DE89 3704 0044 0532 0130 00+44 20 7946 0958';
    const once = redact(text);
    expect(once.text).toBe('[IBAN_1][PHONE_1]');
    expect(once.findings.map((f) => f.type)).toEqual(['iban', 'phone']);
    expect(redact(once.text).text).toBe(once.text);
  });

  it('limits detection to the requested types', () => {
    const text = 'ana@example.com 415-555-0132';
    expect(redact(text, { types: ['phone'] }).text).toBe('ana@example.com [PHONE_1]');
  });

  it('accepts a custom placeholder format', () => {
    expect(redact('ana@example.com', { placeholder: (type, n) => `<${type}#${n}>` }).text).toBe('<email#1>');
  });

  it('returns a restore map on request, and restore() undoes the redaction', () => {
    const text = 'Mail ana@example.com, card 4111 1111 1111 1111, again ana@example.com';
    const result = redact(text, { restore: true });
    expect(result.restoreMap).toEqual({ '[EMAIL_1]': 'ana@example.com', '[CREDIT_CARD_1]': '4111 1111 1111 1111' });
    expect(restore(result.text, result.restoreMap!)).toBe(text);
    expect(redact(text).restoreMap).toBeUndefined();
  });

  it('skips placeholder numbers already present in the input, so restore cannot confuse them', () => {
    const text = 'literal [EMAIL_1] and ana@example.com';
    const result = redact(text, { restore: true });
    expect(result.text).toBe('literal [EMAIL_1] and [EMAIL_2]');
    expect(restore(result.text, result.restoreMap!)).toBe(text);
  });

  it('is fast on large inputs', () => {
    const chunk = 'Order 12345 for ana@example.com, call 415-555-0132, ip 10.0.0.1, hash 9f86d081884c7d65. ';
    const text = chunk.repeat(2000);
    const started = performance.now();
    const result = redact(text);
    expect(result.findings).toHaveLength(6000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('redact properties', () => {
  const PII = ['ana@example.com', '4111 1111 1111 1111', '415-555-0132', '+44 20 7946 0958', '123-45-6789',
    'DE89 3704 0044 0532 0130 00', '192.168.0.1', '2001:db8::1', 'sk-proj-abc123DEF456ghi789JKL012mno',
    'https://u:p@h.com', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'AKIAIOSFODNN7EXAMPLE', '[EMAIL_1]', '::'];
  const piece = fc.oneof(
    fc.constantFrom(...PII),
    fc.constantFrom('a', 'x', ' ', '.', '-', '@', ':', '/', '+', '(', ')', '[', ']', '_', '0', '1', '4', '5', '9', '\n'),
  );

  it('redacting twice changes nothing', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
      const once = redact(parts.join('')).text;
      expect(redact(once).text).toBe(once);
    }), { numRuns: 3000 });
  });

  it('text of words without digits or @ is unchanged', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.,;!?\'"-()'), minLength: 1, maxLength: 12 });
    fc.assert(fc.property(fc.array(word, { maxLength: 40 }), (words) => {
      const text = words.join(' ');
      expect(redact(text)).toEqual({ text, findings: [] });
    }), { numRuns: 2000 });
  });

  it('findings never overlap and restore() gives back the original', () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
      const text = parts.join('');
      const result = redact(text, { restore: true });
      for (let i = 1; i < result.findings.length; i++) {
        expect(result.findings[i]!.start).toBeGreaterThanOrEqual(result.findings[i - 1]!.end);
      }
      expect(restore(result.text, result.restoreMap!)).toBe(text);
    }), { numRuns: 2000 });
  });
});

describe('validators', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
  it('IBAN mod 97 and length', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
  });
  it('IP addresses', () => {
    expect(isIPv4('255.255.255.255')).toBe(true);
    expect(isIPv4('256.1.1.1')).toBe(false);
    expect(isIPv4('01.2.3.4')).toBe(false);
    expect(isIPv6('::ffff:192.0.2.1')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIPv6('1::2::3')).toBe(false);
    expect(isIPv6('12:30:45')).toBe(false);
  });
});
