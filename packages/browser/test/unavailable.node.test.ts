import { dispatch } from '@flotilla/core';
import { afterEach, expect, it, vi } from 'vitest';
import { indexedDbCache, type FallbackReason } from '../src/index.js';
import { countingAgent } from './support/agents.js';

// Node only: the runtime has no IndexedDB at all (the project's fake-indexeddb is removed here).
afterEach(() => {
  vi.unstubAllGlobals();
});

it('works in memory without an indexedDB global, reports it, and still caches', async () => {
  vi.stubGlobal('indexedDB', undefined);
  const reasons: FallbackReason[] = [];
  const cache = indexedDbCache({ onFallback: (reason) => reasons.push(reason) });
  expect(cache.status).toBe('memory');
  expect(cache.fallbackReason?.code).toBe('indexeddb_unavailable');

  const probe = countingAgent();
  const first = await dispatch({ agent: probe.agent, inputs: [1, 2, 3], cache });
  const second = await dispatch({ agent: probe.agent, inputs: [1, 2, 3], cache });
  expect(first.results.map((r) => r.value)).toEqual([{ doubled: 2 }, { doubled: 4 }, { doubled: 6 }]);
  expect(second.stats.agentCalls).toBe(0);
  expect(reasons).toEqual([cache.fallbackReason]);
  expect(reasons[0]!.message).toMatch(/no indexedDB global/);
});

it('reports the fallback after construction returns, so the callback can use the cache', async () => {
  vi.stubGlobal('indexedDB', undefined);
  const seen: string[] = [];
  const cache = indexedDbCache({ onFallback: () => seen.push(cache.status) });
  expect(seen).toEqual([]);
  await Promise.resolve();
  expect(seen).toEqual(['memory']);
});
