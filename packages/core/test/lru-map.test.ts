import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruMap } from '../src/cache/lru-map.js';

/** The obvious model: an array in use order, oldest first. */
class ModelLru {
  entries: [number, number][] = [];
  constructor(private readonly capacity: number) {}
  get(key: number) {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at < 0) return undefined;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry!);
    return entry![1];
  }
  set(key: number, value: number) {
    this.delete(key);
    this.entries.push([key, value]);
    while (this.entries.length > this.capacity) this.entries.shift();
  }
  delete(key: number) {
    this.entries = this.entries.filter(([k]) => k !== key);
  }
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), key: fc.nat(12) }),
  fc.record({ kind: fc.constant('set' as const), key: fc.nat(12), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.nat(12) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('LruMap', () => {
  it('behaves like an LRU list: reads refresh, writes evict the least recently used beyond capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
        const lru = new LruMap<number, number>(capacity);
        let model = new ModelLru(capacity);
        for (const o of ops) {
          if (o.kind === 'get') expect(lru.get(o.key)).toBe(model.get(o.key));
          else if (o.kind === 'set') (lru.set(o.key, o.value), model.set(o.key, o.value));
          else if (o.kind === 'delete') (lru.delete(o.key), model.delete(o.key));
          else (lru.clear(), (model = new ModelLru(capacity)));
          expect(lru.size).toBe(model.entries.length);
        }
        for (const [key, value] of model.entries) expect(lru.get(key)).toBe(value);
      }),
    );
  });
});
