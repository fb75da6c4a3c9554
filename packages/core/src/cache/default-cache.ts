import type { Cache } from './cache.js';
import { memoryCache } from './memory-cache.js';

// One default cache per agent object: repeated dispatches of the same agent
// share results, while two different anonymous functions can never collide.
// A WeakMap lets the cache go with the agent.
const caches = new WeakMap<object, Cache>();

/** The default memory cache (1 h TTL) of `agent`. */
export function defaultCacheFor(agent: object): Cache {
  let cache = caches.get(agent);
  if (!cache) {
    cache = memoryCache();
    caches.set(agent, cache);
  }
  return cache;
}
