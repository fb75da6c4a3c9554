import { dispatch, type DispatchEvent } from '@flotilla/core';
import { createStore, type UseStore } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { createIndexedDbCache } from '../src/indexed-db-cache.js';
import { indexedDbCache, type FallbackReason, type IndexedDbCache } from '../src/index.js';
import type { OpenStore } from '../src/idb-lru-store.js';
import { countingAgent } from './support/agents.js';
import { createDatabaseWith, deleteDatabase, entry, uniqueDbName } from './support/databases.js';

// Runs in both projects. Failures are injected where IndexedDB reports them:
// the object store a transaction hands out, or the open call itself.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function tracked(dbName: string, cache: IndexedDbCache): IndexedDbCache {
  cleanup.push(async () => {
    await cache.close();
    await deleteDatabase(dbName);
  });
  return cache;
}

/** Real stores, but each readwrite store's put() throws `error` while `failing()` says so. */
function failingWrites(failing: () => boolean, error: () => unknown): OpenStore {
  return (dbName, storeName) => {
    const real = createStore(dbName, storeName);
    const wrapped: UseStore = (mode, callback) =>
      real(mode, (store) => callback(mode === 'readwrite' && failing() ? withFailingPut(store, error) : store));
    return wrapped;
  };
}

function withFailingPut(store: IDBObjectStore, error: () => unknown): IDBObjectStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'put') return () => { throw error(); };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

async function twice(cache: IndexedDbCache, events: DispatchEvent[] = []) {
  const probe = countingAgent();
  const inputs = [1, 2, 3, 4, 5];
  const first = await dispatch({ agent: probe.agent, inputs, cache, onEvent: (e) => events.push(e) });
  const second = await dispatch({ agent: probe.agent, inputs, cache, onEvent: (e) => events.push(e) });
  return { first, second, calls: probe.calls };
}

describe('quota exceeded', () => {
  it('moves new entries to memory, says why once, drops no result, and still reads what IndexedDB holds', async () => {
    const dbName = uniqueDbName('quota');
    let full = false;
    const reasons: FallbackReason[] = [];
    const cache = tracked(dbName, createIndexedDbCache(
      { dbName, onFallback: (reason) => reasons.push(reason) },
      failingWrites(() => full, quotaError),
    ));
    await cache.set('stored-before', entry('from IndexedDB'));
    expect(cache.status).toBe('indexeddb');

    full = true;
    const events: DispatchEvent[] = [];
    const { first, second, calls } = await twice(cache, events);

    expect(first.results.map((r) => r.value)).toEqual([2, 4, 6, 8, 10].map((doubled) => ({ doubled })));
    expect(first.stats.agentCalls).toBe(5);
    expect(second.stats.agentCalls).toBe(0);
    expect(second.results.every((r) => r.ok && r.cached)).toBe(true);
    expect(calls).toBe(5);
    expect(cache.status).toBe('memory');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.code).toBe('quota_exceeded');
    expect(reasons[0]!.message).toMatch(/quota exceeded.*QuotaExceededError/);
    expect(cache.fallbackReason).toEqual(reasons[0]);
    // The cache did not throw, so dispatch had nothing to warn about.
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect((await cache.get('stored-before'))?.value).toBe('from IndexedDB');
  });

  it('keeps a delete effective after the fallback: a deleted entry is not read back from IndexedDB', async () => {
    const dbName = uniqueDbName('quota-delete');
    let full = false;
    const cache = tracked(dbName, createIndexedDbCache({ dbName }, failingWrites(() => full, quotaError)));
    await cache.set('k', entry('v'));
    full = true;
    await cache.set('other', entry('in memory'));
    expect(cache.status).toBe('memory');
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
    expect((await cache.get('other'))?.value).toBe('in memory');
  });
});

describe('IndexedDB cannot be opened', () => {
  it('falls back when the open call itself throws (storage blocked, opaque origin)', async () => {
    const reasons: FallbackReason[] = [];
    const dbName = uniqueDbName('security-error');
    const cache = tracked(dbName, createIndexedDbCache({ dbName, onFallback: (reason) => reasons.push(reason) }, () => {
      throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError');
    }));
    const { first, second } = await twice(cache);
    expect(first.results.every((r) => r.ok)).toBe(true);
    expect(second.stats.agentCalls).toBe(0);
    expect(cache.status).toBe('memory');
    expect(reasons.map((r) => r.code)).toEqual(['indexeddb_open_failed']);
    expect(reasons[0]!.message).toMatch(/SecurityError.*allow site data/);
  });

  it('falls back, naming the fix, when the database already holds other stores', async () => {
    const dbName = uniqueDbName('other-store');
    await createDatabaseWith(dbName, 'somebody-else');
    const reasons: FallbackReason[] = [];
    const cache = tracked(dbName, indexedDbCache({ dbName, onFallback: (reason) => reasons.push(reason) }));
    const { first, second } = await twice(cache);
    expect(first.results.every((r) => r.ok)).toBe(true);
    expect(second.stats.agentCalls).toBe(0);
    expect(cache.status).toBe('memory');
    expect(reasons.map((r) => r.code)).toEqual(['indexeddb_open_failed']);
    expect(reasons[0]!.message).toMatch(/give each cache its own dbName/);
  });
});

describe('other IndexedDB failures', () => {
  it('falls back on an unexpected error after opening and keeps every result', async () => {
    const dbName = uniqueDbName('unknown-error');
    const reasons: FallbackReason[] = [];
    const cache = tracked(dbName, createIndexedDbCache(
      { dbName, onFallback: (reason) => reasons.push(reason) },
      failingWrites(() => true, () => new DOMException('Internal error.', 'UnknownError')),
    ));
    const { first, second } = await twice(cache);
    expect(first.results.every((r) => r.ok)).toBe(true);
    expect(second.stats.agentCalls).toBe(0);
    expect(reasons.map((r) => r.code)).toEqual(['indexeddb_failed']);
  });

  it('refuses a value that cannot be cloned with a typed error, and stays on IndexedDB', async () => {
    const dbName = uniqueDbName('uncloneable');
    const cache = tracked(dbName, indexedDbCache({ dbName }));
    await expect(cache.set('k', entry({ callback: () => 1 }))).rejects.toMatchObject({ code: 'uncloneable_value' });
    expect(cache.status).toBe('indexeddb');
    const events: DispatchEvent[] = [];
    const run = await dispatch({ agent: { name: 'fn', run: () => () => 1 }, inputs: [1], cache, onEvent: (e) => events.push(e) });
    expect(run.results[0]!.ok).toBe(true);
    expect(events.filter((e) => e.type === 'warning').map((e) => (e as { code: string }).code)).toEqual(['cache_error']);
  });
});

describe('onFallback', () => {
  it('keeps caching when the listener itself throws', async () => {
    const errors: unknown[] = [];
    const original = globalThis.queueMicrotask;
    // The listener's error is re-thrown on a microtask, like an event listener's; catch it here.
    globalThis.queueMicrotask = (task) => original(() => {
      try {
        task();
      } catch (error) {
        errors.push(error);
      }
    });
    try {
      const dbName = uniqueDbName('throwing-listener');
      const cache = tracked(dbName, createIndexedDbCache(
        { dbName, onFallback: () => { throw new Error('listener bug'); } },
        failingWrites(() => true, quotaError),
      ));
      const { first, second } = await twice(cache);
      expect(first.results.every((r) => r.ok)).toBe(true);
      expect(second.stats.agentCalls).toBe(0);
      expect(cache.status).toBe('memory');
      expect(errors).toEqual([new Error('listener bug')]);
    } finally {
      globalThis.queueMicrotask = original;
    }
  });
});
