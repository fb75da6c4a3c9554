import { errorBrand, FlotillaError } from '../errors.js';

/**
 * A value the cache key encoding cannot represent faithfully (a function, a
 * symbol, a cycle, a class instance whose state may live outside its own
 * enumerable properties). Such an input runs uncached, never under a key it
 * would share with a different input.
 */
export class UncacheableValueError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('UncacheableValueError');
  /** Why the value cannot be encoded, e.g. `it is circular`. */
  readonly reason: string;

  constructor(reason: string) {
    super('uncacheable_input', `this value cannot be part of a cache key: ${reason}`);
    this.reason = reason;
    this.name = 'UncacheableValueError';
  }
}

/**
 * The canonical text of a value, the basis of cache keys: an injective
 * encoding, so two values with different meaning never share a text, and
 * equal values always do (object keys sorted at every depth, Map entries and
 * Set members in a canonical order).
 *
 * JSON values are written as canonical JSON. Everything else is tagged with
 * a `!` (which JSON never writes where a value starts): `!n1` for `1n`,
 * `!u` for `undefined` (kept as an object member or array element, unlike
 * JSON), `!h` for an array hole, `!-0`, `!NaN`, `!Infinity`, `!-Infinity`,
 * `!d0` for `new Date(0)` (`!dNaN` for an invalid date), `!m[[k,v],...]`
 * for a Map, `!s[...]` for a Set, `!tUint8Array[1,2]` for typed arrays,
 * `!bArrayBuffer[...]` for buffers, `!j...` for what an object's `toJSON()`
 * returns. Plain objects (prototype `Object.prototype` or `null`) and arrays
 * are read through their own enumerable string keys and elements (getters run).
 *
 * @throws UncacheableValueError for functions, symbols (as values or keys),
 * cycles, class instances without `toJSON`, values whose getters throw, and
 * nesting too deep for the stack.
 */
export function canonicalKey(value: unknown): string {
  try {
    // A primitive needs no list of ancestors: no allocation on the path of every numeric or string input.
    return typeof value === 'object' && value !== null ? encode(value, []) : encode(value, NO_ANCESTORS);
  } catch (error) {
    if (error instanceof UncacheableValueError) throw error;
    // A getter or toJSON that threw, or nesting deeper than the stack.
    throw new UncacheableValueError(error instanceof RangeError ? 'it is nested too deeply' : 'reading it threw');
  }
}

/** The ancestors of a primitive: never read or written, since `encode` returns before it looks at them. */
const NO_ANCESTORS: object[] = Object.freeze([]) as unknown as object[];

function encode(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return encodeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `!n${value.toString()}`;
    case 'undefined':
      return '!u';
    case 'symbol':
      throw new UncacheableValueError('it holds a symbol');
    case 'function':
      throw new UncacheableValueError('it holds a function');
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.includes(object)) throw new UncacheableValueError('it is circular');
  ancestors.push(object);
  try {
    return encodeObject(object, ancestors);
  } finally {
    ancestors.pop();
  }
}

function encodeNumber(value: number): string {
  if (Number.isFinite(value)) return value === 0 && 1 / value < 0 ? '!-0' : String(value);
  return Number.isNaN(value) ? '!NaN' : value > 0 ? '!Infinity' : '!-Infinity';
}

function encodeObject(object: object, ancestors: object[]): string {
  if (Array.isArray(object)) {
    let out = '[';
    for (let i = 0; i < object.length; i++) {
      if (i > 0) out += ',';
      out += i in object ? encode(object[i], ancestors) : '!h';
    }
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto === Object.prototype || proto === null) return encodePlain(object as Record<string, unknown>, ancestors);
  if (proto === Date.prototype) {
    const time = (object as Date).getTime();
    return Number.isNaN(time) ? '!dNaN' : `!d${time}`;
  }
  if (proto === Map.prototype) {
    const entries: string[] = [];
    for (const [key, entry] of object as Map<unknown, unknown>) entries.push(`[${encode(key, ancestors)},${encode(entry, ancestors)}]`);
    return `!m[${entries.sort().join(',')}]`;
  }
  if (proto === Set.prototype) {
    const members: string[] = [];
    for (const member of object as Set<unknown>) members.push(encode(member, ancestors));
    return `!s[${members.sort().join(',')}]`;
  }
  if (ArrayBuffer.isView(object)) {
    const tag = Object.prototype.toString.call(object).slice(8, -1);
    if (object instanceof DataView) return `!b${tag}[${new Uint8Array(object.buffer, object.byteOffset, object.byteLength).join(',')}]`;
    const items: string[] = [];
    for (const item of object as unknown as Iterable<number | bigint>) items.push(typeof item === 'bigint' ? item.toString() : encodeNumber(item));
    return `!t${tag}[${items.join(',')}]`;
  }
  if (object instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && object instanceof SharedArrayBuffer)) {
    const tag = Object.prototype.toString.call(object).slice(8, -1);
    return `!b${tag}[${new Uint8Array(object).join(',')}]`;
  }
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return `!j${encode(toJSON.call(object), ancestors)}`;
  const name = typeof (proto as { constructor?: { name?: unknown } } | undefined)?.constructor?.name === 'string' ? (proto as { constructor: { name: string } }).constructor.name : 'class';
  throw new UncacheableValueError(`it holds a ${name || 'class'} instance, whose state may not be in its own enumerable properties (give the class a toJSON method to make it cacheable)`);
}

function encodePlain(object: Record<string, unknown>, ancestors: object[]): string {
  if (Object.getOwnPropertySymbols(object).some((symbol) => Object.prototype.propertyIsEnumerable.call(object, symbol))) {
    throw new UncacheableValueError('it has symbol keys');
  }
  const keys = Object.keys(object);
  // Keys usually come in one order every time, often sorted already: sort only when not
  // (canonicalKey of a two-key object: about 1,500 ns with the sort and template strings, 1,200 ns so).
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i > 0) out += ',';
    out += JSON.stringify(key);
    out += ':';
    out += encode(object[key], ancestors);
  }
  return out + '}';
}
