import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LruMap } from '../src/cache/lru-map.js';

/** The obvious model: an array in use order, oldest first; a key is its space and its number. */
class ModelLru {
  entries: [string, number][] = [];
  constructor(private readonly capacity: number) {}
  get(key: string) {
    const at = this.entries.findIndex(([k]) => k === key);
    if (at < 0) return undefined;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry!);
    return entry![1];
  }
  set(key: string, value: number) {
    this.delete(key);
    this.entries.push([key, value]);
    while (this.entries.length > this.capacity) this.entries.shift();
  }
  delete(key: string) {
    this.entries = this.entries.filter(([k]) => k !== key);
  }
}

// Space 0 is the map's own; 1 and 2 come from space(). The same number in two spaces is two keys.
const op = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), space: fc.nat(2), key: fc.nat(12) }),
  fc.record({ kind: fc.constant('set' as const), space: fc.nat(2), key: fc.nat(12), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), space: fc.nat(2), key: fc.nat(12) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe('LruMap', () => {
  it('behaves like one LRU list over all its key spaces: reads refresh, writes evict the least recently used beyond capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 200 }), (capacity, ops) => {
        const lru = new LruMap<number, number>(capacity);
        const spaces = [undefined, lru.space(), lru.space()];
        let model = new ModelLru(capacity);
        for (const o of ops) {
          const space = o.kind === 'clear' ? undefined : spaces[o.space];
          const key = o.kind === 'clear' ? '' : `${o.space}:${o.key}`;
          if (o.kind === 'get') expect(lru.get(o.key, -Infinity, space)).toBe(model.get(key));
          else if (o.kind === 'set') (lru.set(o.key, o.value, Infinity, space), model.set(key, o.value));
          else if (o.kind === 'delete') (lru.delete(o.key, space), model.delete(key));
          else (lru.clear(), (model = new ModelLru(capacity)));
          expect(lru.size).toBe(model.entries.length);
        }
        for (const [key, value] of model.entries) {
          const [space, number] = key.split(':').map(Number);
          expect(lru.get(number!, -Infinity, spaces[space!])).toBe(value);
        }
      }),
    );
  });
});
