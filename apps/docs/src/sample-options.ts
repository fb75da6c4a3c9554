/**
 * The options the site passes to a sample's `run(options)`. The idempotency
 * sample gets a durable IndexedDB cache from @flotilla/browser (emptied before
 * each run so run 1 starts cold).
 */
import { indexedDbCache, type IndexedDbCache } from '@flotilla/browser';
import type { DispatchOptions } from '@flotilla/core';

/** IndexedDB database the site's caches live in. */
export const DOCS_DB_NAME = 'flotilla-docs';

const siteCaches = new WeakSet<object>();

/** Options for `name`'s `run()`; `{}` for samples that need nothing. */
export async function optionsFor(name: string): Promise<object> {
  if (name !== 'idempotency') return {};
  const cache: IndexedDbCache = indexedDbCache({
    dbName: DOCS_DB_NAME,
    ttlMs: 10 * 60_000,
    onFallback: (reason) => console.warn(`idempotency sample: ${reason.message}`),
  });
  await cache.clear();
  siteCaches.add(cache);
  return { cache };
}

/** How a dispatch's `cache` option reads in a caption. */
export function describeCache(cache: DispatchOptions['cache']): string {
  if (cache === false) return 'no cache';
  if (cache === undefined) return 'default memory cache';
  if (siteCaches.has(cache)) return `IndexedDB cache (${(cache as IndexedDbCache).status})`;
  return 'memory cache';
}
