import { describe, expect, it } from 'vitest';
import { compileTemplate, InvalidInputError, InvalidTemplateError, renderTemplate } from '../src/index.js';

describe('renderTemplate', () => {
  it('fills {name} and {a.b} from own properties', () => {
    expect(renderTemplate('Hi {name}, from {place.city}', { name: 'Ada', place: { city: 'London' } })).toBe('Hi Ada, from London');
  });

  it('writes non-string values as text or JSON', () => {
    expect(renderTemplate('{n} {ok} {list} {obj}', { n: 3, ok: true, list: [1, 2], obj: { a: 1 } })).toBe('3 true [1,2] {"a":1}');
  });

  it('treats {{ and }} as literal braces', () => {
    expect(renderTemplate('{{"label": "{label}"}}', { label: 'x' })).toBe('{"label": "x"}');
  });

  it('fails with invalid_input naming a missing field', () => {
    expect(() => renderTemplate('{a.b}', { a: {} })).toThrow(InvalidInputError);
    expect(() => renderTemplate('{a.b}', { a: {} })).toThrow('"a.b"');
    expect(() => renderTemplate('{x}', null)).toThrow('"x"');
  });

  it('never reaches __proto__, constructor, prototype or inherited properties', () => {
    expect(() => compileTemplate('{__proto__}')).toThrow(InvalidTemplateError);
    expect(() => compileTemplate('{a.constructor}')).toThrow(InvalidTemplateError);
    expect(() => compileTemplate('{prototype.x}')).toThrow(InvalidTemplateError);
    const child = Object.create({ inherited: 'secret' });
    expect(() => renderTemplate('{inherited}', child)).toThrow(InvalidInputError);
    expect(() => renderTemplate('{toString}', {})).toThrow(InvalidInputError);
  });

  it('never runs getters', () => {
    let ran = false;
    const input = {
      get name() {
        ran = true;
        return 'x';
      },
    };
    expect(() => renderTemplate('{name}', input)).toThrow(InvalidInputError);
    expect(ran).toBe(false);
  });

  it('rejects malformed templates once, up front', () => {
    expect(() => compileTemplate('open { brace')).toThrow(/unclosed/);
    expect(() => compileTemplate('close } brace')).toThrow(/unmatched/);
    expect(() => compileTemplate('{}')).toThrow(/not a field path/);
    expect(() => compileTemplate('{a b}')).toThrow(/not a field path/);
    expect(compileTemplate('{a} and {b.c} and {a}').fields).toEqual(['a', 'b.c']);
  });
});
