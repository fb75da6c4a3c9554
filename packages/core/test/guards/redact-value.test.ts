import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactValue } from '../../src/guards/redact-value.js';
import { restoreValue } from '../../src/guards/redact-restore.js';

describe('redactValue', () => {
  it('redacts strings at any depth and reports the path of each finding', () => {
    const input = { notes: [{ text: 'mail ana@example.com' }], owner: { phone: '415-555-0132' } };
    const { value, findings } = redactValue(input);
    expect(value).toEqual({ notes: [{ text: 'mail [EMAIL_1]' }], owner: { phone: '[PHONE_1]' } });
    expect(findings).toEqual([
      { type: 'email', start: 5, end: 20, placeholder: '[EMAIL_1]', path: 'notes.0.text' },
      { type: 'phone', start: 0, end: 12, placeholder: '[PHONE_1]', path: 'owner.phone' },
    ]);
  });

  it('redacts a top-level string (path "") and keeps non-string leaves', () => {
    expect(redactValue('ana@example.com').value).toBe('[EMAIL_1]');
    expect(redactValue({ n: 4111111111111111, ok: true, none: null, u: undefined }).value)
      .toEqual({ n: 4111111111111111, ok: true, none: null, u: undefined });
  });

  it('masks whole values under sensitive keys, whatever their case or separators', () => {
    const input = {
      Password: 'hunter2', 'API-Key': 'abc', access_token: 'tok', clientSecret: 's', 'set-cookie': 'sid=1',
      Authorization: 'Basic dXNlcjpwYXNz', private_key: 'k', pin: 1234, headers: { cookie: ['a=1', 'b=2'] },
      tokens: 512, password_hint: 'my dog',
    };
    const { value, findings } = redactValue(input);
    expect(value).toEqual({
      Password: '[SECRET_1]', 'API-Key': '[SECRET_2]', access_token: '[SECRET_3]', clientSecret: '[SECRET_4]',
      'set-cookie': '[SECRET_5]', Authorization: '[SECRET_6]', private_key: '[SECRET_7]', pin: '[SECRET_8]',
      headers: { cookie: ['[SECRET_9]', '[SECRET_10]'] }, tokens: 512, password_hint: 'my dog',
    });
    expect(findings.filter((f) => f.type === 'secret').map((f) => f.path)).toContain('headers.cookie.1');
  });

  it('masks a number under a sensitive key and accepts a custom key list', () => {
    expect(redactValue({ token: 123456 }).value).toEqual({ token: '[SECRET_1]' });
    expect(redactValue({ pin: '1234', password: 'x' }, { sensitiveKeys: ['pin'] }).value).toEqual({ pin: '[SECRET_1]', password: 'x' });
  });

  it('does not mask sensitive keys when "secret" is not among the types', () => {
    expect(redactValue({ password: 'hunter2', mail: 'a@b.io' }, { types: ['email'] }).value).toEqual({ password: 'hunter2', mail: '[EMAIL_1]' });
  });

  it('numbers placeholders across all strings of one call', () => {
    const { value } = redactValue(['ana@example.com', { again: 'ana@example.com', other: 'bob@example.com' }]);
    expect(value).toEqual(['[EMAIL_1]', { again: '[EMAIL_1]', other: '[EMAIL_2]' }]);
  });

  it('handles cycles and keeps shared references shared in the copy', () => {
    const shared = { mail: 'ana@example.com' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    const { value } = redactValue(input);
    const out = value as Record<string, Record<string, unknown>>;
    expect(out.self).toBe(out);
    expect(out.a).toBe(out.b);
    expect(out.a!.mail).toBe('[EMAIL_1]');
    expect(input.self).toBe(input);
    expect(shared.mail).toBe('ana@example.com');
  });

  it('copies Maps and Sets and keeps Dates', () => {
    const date = new Date(0);
    const { value } = redactValue({ m: new Map([['k', 'ana@example.com']]), s: new Set(['415-555-0132']), date });
    expect(value.m.get('k')).toBe('[EMAIL_1]');
    expect([...value.s]).toEqual(['[PHONE_1]']);
    expect(value.date).toBe(date);
  });

  it('returns a restore map that restoreValue uses to undo the redaction', () => {
    const input = { a: 'mail ana@example.com', password: 'hunter2' };
    const result = redactValue(input, { restore: true });
    expect(restoreValue(result.value, result.restoreMap!)).toEqual(input);
  });

  it('never mutates its input (property)', () => {
    const leaf = fc.oneof(fc.constantFrom('ana@example.com', '4111 1111 1111 1111', 'hello', 'sk-proj-abc123DEF456ghi789JKL012mno'),
      fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('password', 'token', 'email', 'notes', 'x', 'Api_Key'), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(tree, (input) => {
      const before = structuredClone(input);
      redactValue(input);
      expect(input).toEqual(before);
    }), { numRuns: 500 });
  });
});
