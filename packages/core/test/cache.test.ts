import { describe, expect, it } from 'vitest';
import { describeCacheConformance } from '../src/testing.js';
import { cacheKey, canonicalJson, canonicalKey, dispatch, memoryCache } from '../src/index.js';
import { delay } from './helpers.js';

describeCacheConformance('memoryCache', { create: ({ now }) => memoryCache({ now }) });

describe('memoryCache', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = memoryCache({ maxEntries: 2 });
    const entry = (value: unknown) => ({ value, costUsd: 0, storedAt: 0 });
    await cache.set('a', entry(1));
    await cache.set('b', entry(2));
    await cache.get('a');
    await cache.set('c', entry(3));
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.value).toBe(1);
    expect((await cache.get('c'))?.value).toBe(3);
  });

  it('rejects nonsense options', () => {
    expect(() => memoryCache({ ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => memoryCache({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });
});

describe('cache keys', () => {
  const base = { agent: 'classify', version: '1', model: 'gpt-x', template: 'Classify {text}', input: { text: 'a', n: 1 } };

  it('are hex SHA-256 and ignore object key order', async () => {
    const key = await cacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await cacheKey({ ...base, input: { n: 1, text: 'a' } })).toBe(key);
  });

  it('change with agent name, version, model, template and input', async () => {
    const key = await cacheKey(base);
    const variants = [
      { ...base, agent: 'other' },
      { ...base, version: '2' },
      { ...base, model: 'gpt-y' },
      { ...base, template: 'Label {text}' },
      { ...base, input: { text: 'b', n: 1 } },
    ];
    for (const variant of variants) expect(await cacheKey(variant)).not.toBe(key);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(() => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      canonicalJson(loop);
    }).toThrow(/circular/);
  });
});

describe('idempotency in dispatch', () => {
  it('runs identical work once across runs; a hit costs nothing and is marked cached', async () => {
    let calls = 0;
    const cache = memoryCache();
    const agent = {
      name: 'priced',
      model: 'm1',
      run: (n: number, ctx: { reportCost(usd: number): void }) => {
        calls++;
        ctx.reportCost(0.01);
        return n * 10;
      },
    };
    const first = await dispatch({ agent, inputs: [1, 2, 3], cache });
    const second = await dispatch({ agent, inputs: [1, 2, 3], cache });
    expect(calls).toBe(3);
    expect(first.stats.costUsd).toBeCloseTo(0.03, 10);
    expect(second.results.every((r) => r.cached && r.ok && r.costUsd === 0 && r.attempts === 0)).toBe(true);
    expect(second.results.map((r) => r.value)).toEqual([10, 20, 30]);
    expect(second.stats).toMatchObject({ cached: 3, agentCalls: 0, costUsd: 0 });
  });

  it('shares one execution among concurrent duplicates', async () => {
    let calls = 0;
    const run = await dispatch({
      agent: async (text: string) => {
        calls++;
        await delay(20);
        return text.length;
      },
      inputs: ['same', 'same', 'same', 'other'],
      cache: memoryCache(),
    });
    expect(calls).toBe(2);
    expect(run.results.map((r) => r.value)).toEqual([4, 4, 4, 5]);
    expect(run.results.filter((r) => r.cached)).toHaveLength(2);
  });

  it('never caches failures', async () => {
    let calls = 0;
    const cache = memoryCache();
    const agent = { name: 'flaky', run: () => (++calls < 3 ? Promise.reject(new Error('down')) : 'up') };
    const first = await dispatch({ agent, inputs: ['x'], cache });
    expect(first.results[0]!.ok).toBe(false);
    const second = await dispatch({ agent, inputs: ['x'], cache });
    expect(second.results[0]!.ok).toBe(false);
    const third = await dispatch({ agent, inputs: ['x'], cache });
    expect(third.results[0]).toMatchObject({ ok: true, value: 'up', cached: false });
    expect(calls).toBe(3);
  });

  it('a new model is never served an old answer', async () => {
    const cache = memoryCache();
    const answers: string[] = [];
    for (const model of ['small', 'large', 'small']) {
      const run = await dispatch({ agent: { name: 'qa', model, run: () => `${model}-answer` }, inputs: ['q'], cache });
      answers.push(`${run.results[0]!.value}${run.results[0]!.cached ? ' (cached)' : ''}`);
    }
    expect(answers).toEqual(['small-answer', 'large-answer', 'small-answer (cached)']);
  });

  it('by default, repeated dispatches of the same agent share a cache, and different functions never collide', async () => {
    const seen: string[] = [];
    const a = (n: number) => (seen.push(`a${n}`), 'a');
    const b = (n: number) => (seen.push(`b${n}`), 'b');
    await dispatch({ agent: a, inputs: [1] });
    const again = await dispatch({ agent: a, inputs: [1] });
    const other = await dispatch({ agent: b, inputs: [1] });
    expect(again.results[0]!.cached).toBe(true);
    expect(other.results[0]).toMatchObject({ value: 'b', cached: false });
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('keeps working when the cache backend throws, and says so', async () => {
    const warnings: string[] = [];
    const broken = {
      get: () => Promise.reject(new Error('disk on fire')),
      set: () => Promise.reject(new Error('disk on fire')),
      delete: async () => undefined,
    };
    const run = await dispatch({ agent: (n: number) => n, inputs: [1, 2], cache: broken, onEvent: (e) => e.type === 'warning' && warnings.push(e.message) });
    expect(run.results.map((r) => r.value)).toEqual([1, 2]);
    expect(warnings.some((w) => w.includes('disk on fire'))).toBe(true);
  });
});

describe('sha256Hex', () => {
  it('matches Web Crypto on the standard vectors and on random text, including non-ASCII and block edges', async () => {
    const { sha256Hex } = await import('../src/cache/sha256.js');
    const fc = (await import('fast-check')).default;
    const webCrypto = async (text: string) =>
      Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))), (b) => b.toString(16).padStart(2, '0')).join('');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const length of [55, 56, 63, 64, 65, 119, 120, 1000, 100_000, 3]) {
      const text = 'x'.repeat(length);
      expect(sha256Hex(text), String(length)).toBe(await webCrypto(text));
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        expect(sha256Hex(text)).toBe(await webCrypto(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('cacheKeyFor and cacheKey', () => {
  it('is the SHA-256 of the canonical encoding of [agent, version, model, template, input], for any work and input', async () => {
    const { cacheKeyFor } = await import('../src/cache/cache-key.js');
    const { sha256Hex } = await import('../src/cache/sha256.js');
    const fc = (await import('fast-check')).default;
    // The definition, written out the slow way.
    const reference = (parts: { agent: string; version?: string; model?: string; template?: string; input: unknown }) =>
      sha256Hex(canonicalKey([parts.agent, parts.version ?? null, parts.model ?? null, parts.template ?? null, parts.input]));
    const optional = fc.option(fc.string(), { nil: undefined });
    fc.assert(
      fc.property(fc.string(), optional, optional, optional, fc.anything({ withBigInt: true, withDate: true, withSparseArray: true }), (agent, version, model, template, input) => {
        const key = reference({ agent, version, model, template, input });
        expect(cacheKeyFor({ agent, version, model, template })(input)).toBe(key);
        expect(cacheKey({ agent, version, model, template, input })).toBe(key);
      }),
      { numRuns: 500 },
    );
    expect(cacheKeyFor({ agent: 'a' })(undefined)).toBe(reference({ agent: 'a', input: undefined }));
  });
});
