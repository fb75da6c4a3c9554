import { afterEach, describe, expect, it } from 'vitest';
import { indexedDbCache, type IndexedDbCache, type IndexedDbCacheOptions } from '../src/index.js';
import { deleteDatabase, entry, rawKeys, uniqueDbName } from './support/databases.js';

// Runs in both projects. Keys are checked in the raw object store too, to
// prove that evicted and expired entries are gone from disk, not just hidden.
const open: { cache: IndexedDbCache; dbName: string }[] = [];
let time = 1_700_000_000_000;
const now = () => time;

function cacheFor(dbName: string, options: IndexedDbCacheOptions = {}): IndexedDbCache {
  const cache = indexedDbCache({ dbName, now, ...options });
  open.push({ cache, dbName });
  return cache;
}

async function liveKeys(cache: IndexedDbCache, keys: string[]): Promise<string[]> {
  const hits = await Promise.all(keys.map((key) => cache.get(key)));
  return keys.filter((_, i) => hits[i] !== undefined);
}

/** The cache keys that still have any record on disk. */
async function keysOnDisk(dbName: string): Promise<string[]> {
  const keys = (await rawKeys(dbName)) as unknown[][];
  return [...new Set(keys.map((key) => key[key.length - 1] as string))].sort();
}

afterEach(async () => {
  for (const { cache, dbName } of open.splice(0)) {
    expect(cache.status).toBe('indexeddb');
    await cache.close();
    await deleteDatabase(dbName);
  }
});

describe('least-recently-used eviction', () => {
  it('evicts the entry used longest ago once maxEntries is exceeded, counting reads as use', async () => {
    const dbName = uniqueDbName('lru');
    const cache = cacheFor(dbName, { maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) {
      await cache.set(key, entry(key));
      time += 1;
    }
    await cache.get('a'); // 'b' is now the least recently used
    time += 1;
    await cache.set('d', entry('d'));
    expect(await liveKeys(cache, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    expect(await keysOnDisk(dbName)).toEqual(['a', 'c', 'd']);
  });

  it('orders entries used in the same millisecond by their order of use', async () => {
    const dbName = uniqueDbName('lru-tie');
    const cache = cacheFor(dbName, { maxEntries: 2 });
    await cache.set('a', entry('a'));
    await cache.set('z', entry('z'));
    await cache.get('a'); // same millisecond: 'z' is the least recently used, though it sorts last
    await cache.set('m', entry('m'));
    expect(await keysOnDisk(dbName)).toEqual(['a', 'm']);
  });

  it('never keeps more than maxEntries, and keeps the most recent ones', async () => {
    const dbName = uniqueDbName('lru-bound');
    const cache = cacheFor(dbName, { maxEntries: 5 });
    for (let i = 0; i < 30; i++) {
      await cache.set(`k${i}`, entry(i));
      time += 1;
    }
    expect(await keysOnDisk(dbName)).toEqual(['k25', 'k26', 'k27', 'k28', 'k29']);
  });

  it('remembers the order of use across instances, as after a page reload', async () => {
    const dbName = uniqueDbName('lru-reload');
    const first = cacheFor(dbName, { maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) {
      await first.set(key, entry(key));
      time += 1;
    }
    await first.get('a');
    await first.close();
    time += 1;
    const second = cacheFor(dbName, { maxEntries: 3 });
    await second.set('d', entry('d'));
    expect(await keysOnDisk(dbName)).toEqual(['a', 'c', 'd']);
  });
});

describe('time to live', () => {
  it('removes an expired entry from disk when it is read', async () => {
    const dbName = uniqueDbName('ttl-read');
    const cache = cacheFor(dbName, { ttlMs: 1_000 });
    await cache.set('k', entry('v'));
    time += 1_000;
    expect(await cache.get('k')).toBeUndefined();
    expect(await keysOnDisk(dbName)).toEqual([]);
  });

  it('sweeps expired entries nobody asks for on the next write', async () => {
    const dbName = uniqueDbName('ttl-sweep');
    const cache = cacheFor(dbName, { ttlMs: 1_000 });
    await cache.set('old-1', entry(1));
    await cache.set('old-2', entry(2));
    await cache.set('long', entry(3), 60_000);
    time += 5_000;
    await cache.set('new', entry(4));
    expect(await keysOnDisk(dbName)).toEqual(['long', 'new']);
  });

  it('measures the TTL from the last write: reading an entry does not extend it', async () => {
    const cache = cacheFor(uniqueDbName('ttl-write'), { ttlMs: 100 });
    await cache.set('k', entry('v'));
    time += 60;
    expect((await cache.get('k'))?.value).toBe('v');
    time += 60;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('lets a per-call TTL override the default', async () => {
    const cache = cacheFor(uniqueDbName('ttl-override'), { ttlMs: 100 });
    await cache.set('short', entry('s'), 10);
    await cache.set('long', entry('l'), 10_000);
    time += 500;
    expect(await liveKeys(cache, ['short', 'long'])).toEqual(['long']);
  });
});

describe('values and clear()', () => {
  it('stores structured clones: Date, Map, Set, typed arrays survive, and later mutation does not leak in', async () => {
    const cache = cacheFor(uniqueDbName('clone'));
    const value = {
      when: new Date(1_700_000_000_000),
      tally: new Map([['yes', 2], ['no', 1]]),
      tags: new Set(['a', 'b']),
      bytes: new Uint8Array([1, 2, 255]),
      nested: { list: [1, { deep: 'x' }] },
    };
    await cache.set('k', entry(value));
    value.nested.list.push(2);
    value.tally.set('maybe', 9);
    const hit = (await cache.get('k'))?.value as typeof value;
    expect(hit.when).toBeInstanceOf(Date);
    expect(hit.when.getTime()).toBe(1_700_000_000_000);
    expect(hit.tally).toEqual(new Map([['yes', 2], ['no', 1]]));
    expect(hit.tags).toEqual(new Set(['a', 'b']));
    expect(Array.from(hit.bytes)).toEqual([1, 2, 255]);
    expect(hit.nested.list).toEqual([1, { deep: 'x' }]);
    // Each read is its own clone.
    hit.nested.list.push(99);
    expect(((await cache.get('k'))?.value as typeof value).nested.list).toEqual([1, { deep: 'x' }]);
  });

  it('clear() removes every record from disk', async () => {
    const dbName = uniqueDbName('clear');
    const cache = cacheFor(dbName);
    await cache.set('a', entry(1));
    await cache.set('b', entry(2));
    await cache.clear();
    expect(await rawKeys(dbName)).toEqual([]);
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe('options', () => {
  it('refuses a non-positive ttlMs and a maxEntries below 1', () => {
    expect(() => indexedDbCache({ ttlMs: 0 })).toThrow(/ttlMs must be > 0/);
    expect(() => indexedDbCache({ maxEntries: 0 })).toThrow(/maxEntries must be an integer >= 1/);
    expect(() => indexedDbCache({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });
});
