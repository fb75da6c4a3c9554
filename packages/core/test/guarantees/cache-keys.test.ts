import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryKeyOf } from '../../src/cache/cache-key.js';
import { cacheKey, canonicalKey, dispatch, memoryCache, UncacheableValueError, type DispatchEvent } from '../../src/index.js';

const key = (input: unknown) => cacheKey({ agent: 'a', input });

class Secret {
  #value: number;
  constructor(value: number) {
    this.#value = value;
  }
  get value() {
    return this.#value;
  }
}

/** Pairs the old canonical JSON mapped to one key, though they mean different things. */
const COLLIDING: Array<[string, unknown, unknown]> = [
  ['1n and "1"', 1n, '1'],
  ['two different Maps', new Map([['a', 1]]), new Map([['b', 2]])],
  ['a Map and {}', new Map([['a', 1]]), {}],
  ['two different Sets', new Set([1]), new Set([2])],
  ['Date(0) and its ISO string', new Date(0), new Date(0).toISOString()],
  ['NaN and null', Number.NaN, null],
  ['Infinity and -Infinity', Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ['{a: undefined} and {}', { a: undefined }, {}],
  ['[undefined] and [null]', [undefined], [null]],
  ['a hole and undefined', [, 1], [undefined, 1]], // eslint-disable-line no-sparse-arrays
  ['0 and -0', 0, -0],
  ['Uint8Array and Int8Array', new Uint8Array([1, 2]), new Int8Array([1, 2])],
  ['a typed array and an array', new Uint8Array([1, 2]), [1, 2]],
  ['1n and 1', 1n, 1],
  ['1 and "1"', 1, '1'],
  ['a number and its canonical text', 2.5, '2.5'],
  ['a long input and "#" with the hash of its text', 'x'.repeat(300), `#${'0'.repeat(64)}`],
  ['a string and the quoted string', 'a', '"a"'],
];

describe('cache keys never collide', () => {
  it.each(COLLIDING)('%s have different keys, and the second is not served the first one\'s answer', async (_, first, second) => {
    expect(key(first)).not.toBe(key(second));
    let calls = 0;
    const run = await dispatch({ agent: { name: 'echo', run: () => ++calls }, inputs: [first, second], cache: memoryCache(), limits: { maxConcurrent: 1 } });
    expect(run.results.map((r) => r.cached)).toEqual([false, false]);
    expect(calls).toBe(2);
  });

  it('one memory cache shared by two pieces of work keeps their entries apart, in one capacity', async () => {
    const cache = memoryCache({ maxEntries: 2 });
    const calls = { a: 0, b: 0 };
    const run = (name: 'a' | 'b', inputs: unknown[]) => dispatch({ agent: { name, run: (input: unknown) => `${name}:${String(input)}:${++calls[name]}` }, inputs, cache });
    expect((await run('a', [1])).results[0]!.value).toBe('a:1:1');
    expect((await run('b', [1])).results[0]!.value).toBe('b:1:1');
    expect((await run('a', [1])).results[0]).toMatchObject({ cached: true, value: 'a:1:1' });
    // A third entry evicts the least recently used, whichever work it belongs to (here b's).
    await run('a', ['x']);
    expect((await run('b', [1])).results[0]).toMatchObject({ cached: false, value: 'b:1:2' });
  });

  it('equal values share a key whatever their key order, Map entry order or Set insertion order', () => {
    expect(key({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(key({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(key(new Map<unknown, unknown>([['x', 1], [2n, new Set([3, 4])]]))).toBe(key(new Map<unknown, unknown>([[2n, new Set([4, 3])], ['x', 1]])));
    expect(key(Object.assign(Object.create(null), { a: 1 }))).toBe(key({ a: 1 }));
  });

  it('inputs the encoding cannot represent run uncached, with one uncacheable_input warning', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const hostile = [
      new Secret(1),
      new Secret(2),
      () => 1,
      Symbol('s'),
      cycle,
      { [Symbol('k')]: 1 },
      { get boom() { throw new Error('getter'); } },
    ];
    for (const value of hostile) expect(() => canonicalKey(value)).toThrow(UncacheableValueError);
    const events: DispatchEvent[] = [];
    let calls = 0;
    const run = await dispatch({
      agent: { name: 'secret', run: (s: unknown) => (calls++, s instanceof Secret ? s.value : 'x') },
      inputs: [new Secret(1), new Secret(2), new Secret(1)],
      cache: memoryCache(),
      onEvent: (event) => events.push(event),
    });
    // Before: all three shared the key of {} and the second got the first one's answer.
    expect(run.results.map((r) => [r.value, r.cached])).toEqual([[1, false], [2, false], [1, false]]);
    expect(calls).toBe(3);
    expect(events.filter((e) => e.type === 'warning' && e.code === 'uncacheable_input')).toHaveLength(1);
  });

  it('a class with toJSON is keyed by what it returns, never as the plain value', () => {
    class Money {
      constructor(readonly cents: number) {}
      toJSON() {
        return `${this.cents}c`;
      }
    }
    expect(key(new Money(5))).toBe(key(new Money(5)));
    expect(key(new Money(5))).not.toBe(key(new Money(6)));
    expect(key(new Money(5))).not.toBe(key('5c'));
  });

  it('nesting too deep for the stack is uncacheable, not a crash', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalKey(deep)).toThrow(UncacheableValueError);
  });

  it('property: two inputs that share a key have the same canonical meaning', () => {
    const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, maxDepth: 3 });
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        if (canonicalKey(a) === canonicalKey(b)) expect(sameMeaning(a, b)).toBe(true);
        else expect(sameMeaning(a, b)).toBe(false);
        // A memory cache's key (a number or a text, compared as a Map compares keys) is injective too.
        expect(new Map([[memoryKeyOf(a), 1]]).has(memoryKeyOf(b))).toBe(sameMeaning(a, b));
      }),
      { numRuns: 2000 },
    );
    // Near misses: a value and a small mutation of it.
    fc.assert(
      fc.property(anything, (a) => {
        for (const b of mutations(a)) if (!sameMeaning(a, b)) expect(canonicalKey(b)).not.toBe(canonicalKey(a));
      }),
      { numRuns: 1000 },
    );
  });
});

/** Structural equality written independently of the encoding: Object.is for numbers, unordered keys, Map and Set contents. */
function sameMeaning(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b);
  const pa = Object.getPrototypeOf(a) ?? Object.prototype;
  const pb = Object.getPrototypeOf(b) ?? Object.prototype;
  if (pa !== pb) return false;
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime());
  if (ArrayBuffer.isView(a)) {
    const x = Array.from(a as unknown as ArrayLike<unknown>);
    const y = Array.from(b as unknown as ArrayLike<unknown>);
    return x.length === y.length && x.every((item, i) => Object.is(item, y[i]));
  }
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in other) return false;
      if (!sameMeaning(a[i], other[i])) return false;
    }
    return true;
  }
  if (a instanceof Set) return a.size === (b as Set<unknown>).size && [...a].every((x) => [...(b as Set<unknown>)].some((y) => sameMeaning(x, y)));
  if (a instanceof Map) {
    const other = [...(b as Map<unknown, unknown>)];
    return a.size === other.length && [...a].every(([k, v]) => other.some(([k2, v2]) => sameMeaning(k, k2) && sameMeaning(v, v2)));
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b as object).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameMeaning((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function mutations(value: unknown): unknown[] {
  const out: unknown[] = [[value], { v: value }, new Set([value]), new Map([[value, 1]])];
  if (typeof value === 'number') out.push(-value, String(value), BigInt(Number.isInteger(value) ? value : 0));
  if (typeof value === 'string') out.push(Number(value), `${value} `);
  if (typeof value === 'bigint') out.push(Number(value), String(value));
  if (Array.isArray(value)) out.push([...value, undefined], value.slice(1));
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) out.push({ ...value, extra: undefined });
  return out;
}
