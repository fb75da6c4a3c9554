import { describe, expect, it } from 'vitest';
import { dispatch, memoryCache, type Cache, type CacheLead } from '../src/index.js';
import { delay } from './helpers.js';

/** A cache whose lead() coordinates callers the way a shared backend (Redis) does across processes. */
function sharedLeadCache(): Cache & { leads: number } {
  const store = memoryCache();
  const locks = new Map<string, Promise<void>>();
  const cache = {
    leads: 0,
    get: store.get,
    set: store.set,
    delete: store.delete,
    async lead(key: string): Promise<CacheLead> {
      for (;;) {
        const entry = await store.get(key);
        if (entry) return { kind: 'hit', entry };
        const held = locks.get(key);
        if (!held) break;
        await held;
      }
      let unlock!: () => void;
      locks.set(key, new Promise((resolve) => (unlock = resolve)));
      cache.leads++;
      return {
        kind: 'lead',
        release: async () => {
          locks.delete(key);
          unlock();
        },
      };
    },
  };
  return cache;
}

describe('cross-process single flight through Cache.lead', () => {
  it('two dispatches that share the cache (as two processes would) pay for each piece of work once', async () => {
    const cache = sharedLeadCache();
    let calls = 0;
    // Two agent objects with the same identity, as two processes would each build their own.
    const makeAgent = () => ({
      name: 'classify',
      run: async (text: string) => {
        calls++;
        await delay(20);
        return text.toUpperCase();
      },
    });
    const [a, b] = await Promise.all([
      dispatch({ agent: makeAgent(), inputs: ['x', 'y', 'z'], cache }),
      dispatch({ agent: makeAgent(), inputs: ['z', 'y', 'x'], cache }),
    ]);
    expect(calls).toBe(3);
    expect(a.results.map((r) => r.value)).toEqual(['X', 'Y', 'Z']);
    expect(b.results.map((r) => r.value)).toEqual(['Z', 'Y', 'X']);
    expect(a.stats.agentCalls + b.stats.agentCalls).toBe(3);
    expect(cache.leads).toBe(3);
  });

  it('releases the lead after a failure so another caller can take over', async () => {
    const cache = sharedLeadCache();
    let calls = 0;
    const agent = { name: 'flaky', run: () => (++calls === 1 ? Promise.reject(new Error('down')) : 'ok') };
    const first = await dispatch({ agent, inputs: ['k'], cache });
    const second = await dispatch({ agent, inputs: ['k'], cache });
    expect(first.results[0]!.ok).toBe(false);
    expect(second.results[0]).toMatchObject({ ok: true, value: 'ok', cached: false });
  });
});
