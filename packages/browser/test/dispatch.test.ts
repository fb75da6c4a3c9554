import { dispatch } from '@flotilla/core';
import { afterEach, expect, it } from 'vitest';
import { indexedDbCache, type IndexedDbCache } from '../src/index.js';
import { countingAgent } from './support/agents.js';
import { deleteDatabase, uniqueDbName } from './support/databases.js';

// Runs in both projects. The true page reload is in reload.node.test.ts.
const dbName = uniqueDbName('dispatch');
const caches: IndexedDbCache[] = [];
afterEach(async () => {
  for (const cache of caches.splice(0)) await cache.close();
  await deleteDatabase(dbName);
});

const inputs = [1, 2, 3, 4, 5, 6, 7, 8];
const open = () => {
  const cache = indexedDbCache({ dbName });
  caches.push(cache);
  return cache;
};

it('runs no agent for work the same cache already did', async () => {
  const probe = countingAgent();
  const cache = open();
  const first = await dispatch({ agent: probe.agent, inputs, cache });
  const second = await dispatch({ agent: probe.agent, inputs, cache });
  expect(first.stats.agentCalls).toBe(8);
  expect(second.stats.agentCalls).toBe(0);
  expect(second.stats.cached).toBe(8);
  expect(second.results.map((r) => r.value)).toEqual(first.results.map((r) => r.value));
  expect(cache.status).toBe('indexeddb');
});

it('runs no agent after a simulated reload: connection closed, a brand-new cache instance over the same database', async () => {
  const before = countingAgent();
  const first = open();
  await dispatch({ agent: before.agent, inputs, cache: first });
  await first.close();

  const after = countingAgent(); // a fresh agent object, as after a reload: no shared memory cache
  const run = await dispatch({ agent: after.agent, inputs, cache: open() });
  expect(after.calls).toBe(0);
  expect(run.stats.agentCalls).toBe(0);
  expect(run.results.map((r) => r.value)).toEqual(inputs.map((i) => ({ doubled: i * 2 })));
});

it('runs the agent again when its version changes (the cache key covers it)', async () => {
  const cache = open();
  await dispatch({ agent: countingAgent().agent, inputs, cache });
  const bumped = countingAgent();
  bumped.agent.version = '2';
  const run = await dispatch({ agent: bumped.agent, inputs, cache });
  expect(run.stats.agentCalls).toBe(8);
});
