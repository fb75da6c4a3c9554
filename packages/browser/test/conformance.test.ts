import { describeCacheConformance } from '@flotilla/core/testing';
import { indexedDbCache, type IndexedDbCache } from '../src/index.js';
import { deleteDatabase, uniqueDbName } from './support/databases.js';

// Runs in both projects: fake-indexeddb in Node, real IndexedDB in Chromium.
const names = new WeakMap<object, string>();

describeCacheConformance('indexedDbCache', {
  create: ({ now }) => {
    const dbName = uniqueDbName('conformance');
    const cache = indexedDbCache({ dbName, now });
    names.set(cache, dbName);
    return cache;
  },
  destroy: async (cache) => {
    const indexed = cache as IndexedDbCache;
    // Every conformance test must have run on IndexedDB, not on the memory fallback.
    if (indexed.status !== 'indexeddb') throw new Error(`fell back to memory: ${indexed.fallbackReason?.message}`);
    await indexed.close();
    await deleteDatabase(names.get(cache)!);
  },
});
