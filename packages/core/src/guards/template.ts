import { InvalidInputError, InvalidTemplateError } from '../errors.js';

/** A template parsed once and rendered per input. */
export interface CompiledTemplate {
  /** The source text. */
  readonly source: string;
  /** Every field path the template reads, e.g. `['name', 'address.city']`. */
  readonly fields: readonly string[];
  /** Fill the placeholders from `vars`; throws `InvalidInputError` naming a missing field. */
  render(vars: unknown): string;
}

type Part = string | readonly string[];

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Parse and validate a template: `{name}` and `{a.b}` placeholders over own
 * data properties; `{{` and `}}` are literal braces. Throws
 * `InvalidTemplateError` for a malformed template.
 *
 * @example
 * ```ts
 * const template = compileTemplate('Classify {text} from {shop.name}; answer {{one word}}');
 * template.fields;                                             // ['text', 'shop.name']
 * template.render({ text: 'a taxi ride', shop: { name: 'Cabs' } }); // 'Classify a taxi ride from Cabs; answer {one word}'
 * compileTemplate('Classify {text');                           // throws InvalidTemplateError
 * ```
 */
export function compileTemplate(source: string): CompiledTemplate {
  if (typeof source !== 'string') throw new InvalidTemplateError('template must be a string');
  const parts = parse(source);
  const fields = parts.filter((part): part is readonly string[] => typeof part !== 'string').map((path) => path.join('.'));
  return {
    source,
    fields: [...new Set(fields)],
    render: (vars) => parts.map((part) => (typeof part === 'string' ? part : format(lookup(vars, part), part))).join(''),
  };
}

/**
 * Fill `{field}` placeholders in `template` from `vars`. Only own data
 * properties are read: `__proto__`, `constructor`, `prototype` and getters
 * are never reached.
 *
 * @example
 * renderTemplate('Classify {receipt.merchant} ({{category}})', { receipt: { merchant: 'ACME' } });
 * // 'Classify ACME ({category})'
 */
export function renderTemplate(template: string, vars: unknown): string {
  return compileTemplate(template).render(vars);
}

function parse(source: string): Part[] {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if ((char === '{' || char === '}') && source[i + 1] === char) {
      text += char;
      i += 2;
    } else if (char === '}') {
      throw new InvalidTemplateError(`unmatched "}" at position ${i} of the template; write "}}" for a literal brace`);
    } else if (char === '{') {
      const end = source.indexOf('}', i + 1);
      if (end === -1) {
        throw new InvalidTemplateError(`unclosed "{" at position ${i} of the template; write "{{" for a literal brace`);
      }
      if (text) parts.push(text);
      text = '';
      parts.push(parsePath(source.slice(i + 1, end).trim(), i));
      i = end + 1;
    } else {
      text += char;
      i++;
    }
  }
  if (text) parts.push(text);
  return parts;
}

function parsePath(path: string, position: number): string[] {
  const segments = path.split('.');
  for (const segment of segments) {
    if (FORBIDDEN.has(segment)) {
      throw new InvalidTemplateError(`template field "{${path}}" at position ${position} reaches "${segment}", which is never allowed`);
    }
    if (!IDENTIFIER.test(segment)) {
      throw new InvalidTemplateError(`template field "{${path}}" at position ${position} is not a field path like {name} or {a.b}`);
    }
  }
  return segments;
}

function lookup(vars: unknown, path: readonly string[]): unknown {
  let value = vars;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return missing(path);
    const descriptor = Object.getOwnPropertyDescriptor(value, segment);
    // Getters are never invoked: a template must not run user code.
    if (!descriptor || !('value' in descriptor)) return missing(path);
    value = descriptor.value;
  }
  return value === undefined ? missing(path) : value;
}

function missing(path: readonly string[]): never {
  throw new InvalidInputError(`the input has no field "${path.join('.')}" required by the template`);
}

function format(value: unknown, path: readonly string[]): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      throw new InvalidInputError(`the template field "${path.join('.')}" holds a value that cannot be written as JSON`);
    }
  }
  return String(value);
}
