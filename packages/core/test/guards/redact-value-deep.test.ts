import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/guards/redact.js';
import { restoreValue } from '../../src/guards/redact-restore.js';
import { redactValue } from '../../src/guards/redact-value.js';

function nest(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

function leafOf(value: unknown, depth: number): unknown {
  let current = value as { child: unknown };
  for (let i = 0; i < depth; i++) current = current.child as { child: unknown };
  return current;
}

describe('redactValue and restoreValue on hostile shapes', () => {
  it('redact and restore a 20,000-level object without overflowing the stack', () => {
    const input = nest(20_000, 'mail ana@example.com');
    const { value, findings, restoreMap } = redactValue(input, { restore: true });
    expect(leafOf(value, 20_000)).toBe('mail [EMAIL_1]');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.path.split('.')).toHaveLength(20_000);
    expect(leafOf(restoreValue(value, restoreMap!), 20_000)).toBe('mail ana@example.com');
  });

  it('handles a 20,000-level array and Map chain too', () => {
    let list: unknown = 'sk-proj-abc123DEF456ghi789JKL012';
    for (let i = 0; i < 20_000; i++) list = [list];
    expect(() => redactValue(list)).not.toThrow();
    let map: unknown = 'x';
    for (let i = 0; i < 20_000; i++) map = new Map([['m', map]]);
    expect(() => restoreValue(map, {})).not.toThrow();
  });

  it('keeps Maps and Sets (order, keys, non-string members) through redact and restore', () => {
    const input = {
      byUser: new Map<unknown, unknown>([['ana', 'ana@example.com'], [7, 'call +1 415 555 0132'], ['bob', 3]]),
      tags: new Set(['x', 'bob@example.com', 42]),
    };
    const { value, restoreMap } = redactValue(input, { restore: true });
    expect(value.byUser).toBeInstanceOf(Map);
    expect([...value.byUser.keys()]).toEqual(['ana', 7, 'bob']);
    expect(value.byUser.get('ana')).toBe('[EMAIL_1]');
    expect(value.tags).toBeInstanceOf(Set);
    expect([...value.tags]).toEqual(['x', '[EMAIL_2]', 42]);
    const restored = restoreValue(value, restoreMap!);
    expect(restored.byUser).toBeInstanceOf(Map);
    expect(restored.tags).toBeInstanceOf(Set);
    expect(restored).toEqual(input);
  });

  it('redacts secrets used as property names and Map keys, and paths never repeat them', () => {
    const secret = 'sk-proj-Zx81Lm42Qw73Er64Ty55Ui';
    const { value, findings, restoreMap } = redactValue({ [secret]: { note: 'ok' }, keys: new Map([[secret, true]]) }, { restore: true });
    expect(Object.keys(value)).toEqual(['[API_KEY_1]', 'keys']);
    expect([...value.keys.keys()]).toEqual(['[API_KEY_1]']);
    expect(findings.every((finding) => finding.inKey === true && !finding.path.includes(secret))).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(secret);
    expect(Object.keys(restoreValue(value, restoreMap!))).toEqual([secret, 'keys']);
  });

  it('treats pin, cvv and passcode as sensitive keys', () => {
    const { value } = redactValue({ pin: 4821, card: { cvv: '123' }, passcode: 'x1', pinned: true });
    expect(value).toEqual({ pin: '[SECRET_1]', card: { cvv: '[SECRET_2]' }, passcode: '[SECRET_3]', pinned: true });
  });

  it('keeps cycles and shared references', () => {
    const shared = { email: 'a@example.com' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    const { value } = redactValue(input);
    expect(value.a).toBe(value.b);
    expect(value.self).toBe(value);
  });

  it('benign values come back byte-identical (property)', () => {
    const benignText = fc.stringMatching(/^[a-z ,.]{0,40}$/);
    fc.assert(fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{5,12}$/), fc.oneof(benignText, fc.array(benignText))), (input) => {
      const { value, findings } = redactValue(input, { sensitiveKeys: [] });
      expect(findings).toEqual([]);
      expect(JSON.stringify(value)).toBe(JSON.stringify(input));
    }));
  });
});

describe('PII and secrets from issue 18', () => {
  it.each([
    ['phone', 'London 020 7946 0958 today'],
    ['phone', 'mobile 07700 900123'],
    ['phone', 'office (0161) 496 0000'],
    ['iban', 'iban gb82west12345698765432'],
    ['api_key', 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefABCDEF0123456789xy'],
    ['api_key', 'AccountName=x;AccountKey=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo0MjQy==;EndpointSuffix=core.windows.net'],
    ['api_key', 'token npm_0123456789abcdefghijABCDEFGHIJ0123456789'.slice(0, 46)],
  ])('finds %s in %j', (type, text) => {
    expect(redact(text).findings.map((f) => f.type)).toContain(type);
  });

  it.each(['Order 0123 4567 shipped.', 'Ship 07700 units.', 'code gb82 west', 'See https://api.slack.com/messaging/webhooks',
    'npm_config_registry is set', 'AccountKey= follows AccountName.', 'Chrome/120.0.0.0 Safari/537.36', 'year 2024 2025 2026'])(
    'leaves %j byte-identical',
    (text) => {
      expect(redact(text).text).toBe(text);
    },
  );
});
