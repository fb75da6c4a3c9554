/**
 * A map that keeps its keys in order of use and drops the least recently
 * used beyond `capacity`; an entry may carry an expiry time, after which a
 * read drops it. Reads, writes and evictions are O(1).
 *
 * Entries live in parallel arrays, linked in use order by index, and a
 * write at capacity reuses the slot of the entry it evicts: no object per
 * entry, nothing for the garbage collector on the path of every write. Not
 * a plain Map re-inserted on each read either: deleting from a Map leaves
 * holes that stay until V8 rehashes it, and taking the oldest key
 * (`keys().next()`) walks over them.
 *
 * Keys may live in several key spaces ({@link space}) that share one
 * capacity and one use order: a memory cache keeps each piece of work's
 * entries in a space of their own, keyed by the input's short form.
 *
 * Kept rather than lru-cache 11 (core has no dependencies, and this is not
 * slower): 199 ns against 215 ns per operation (0.93x) at 10,000 entries
 * with an overflowing working set, apps/bench `libraries` scenario.
 */
export class LruMap<K, V> {
  private readonly slots = new Map<K, number>();
  /** The key space each slot's key is in. */
  private readonly homes: (Map<K, number> | undefined)[] = [];
  private count = 0;
  private readonly keys: (K | undefined)[] = [];
  private readonly values: (V | undefined)[] = [];
  private readonly expiries: number[] = [];
  private readonly older: number[] = [];
  private readonly newer: number[] = [];
  /** Slots of deleted entries, for the next writes. */
  private readonly unused: number[] = [];
  /** The least and the most recently used slot, -1 when empty. */
  private oldest = -1;
  private newest = -1;

  constructor(private readonly capacity: number) {}

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /**
   * A key space of its own: its keys never meet this map's or another
   * space's, while its entries share the capacity and the use order.
   */
  space(): Map<K, number> {
    return new Map<K, number>();
  }

  /**
   * The value of `key` (in `space`, by default the map's own), which becomes
   * the most recently used; `undefined` when absent, or when it expired at
   * or before `now` (it is then dropped).
   */
  get(key: K, now = -Infinity, space: Map<K, number> = this.slots): V | undefined {
    const slot = space.get(key);
    if (slot === undefined) return undefined;
    if (this.expiries[slot]! <= now) {
      this.remove(slot);
      return undefined;
    }
    if (slot !== this.newest) {
      this.unlink(slot);
      this.link(slot);
    }
    return this.values[slot];
  }

  /** Store `value` as the most recently used until `expiresAt`, dropping the least recently used beyond the capacity. */
  set(key: K, value: V, expiresAt = Infinity, space: Map<K, number> = this.slots): void {
    let slot = space.get(key);
    if (slot !== undefined) this.unlink(slot);
    else if (this.count >= this.capacity) {
      // Evict the least recently used and take its slot.
      slot = this.oldest;
      this.homes[slot]!.delete(this.keys[slot]!);
      this.unlink(slot);
    } else {
      slot = this.unused.pop() ?? this.keys.length;
      this.count++;
    }
    this.keys[slot] = key;
    this.values[slot] = value;
    this.expiries[slot] = expiresAt;
    this.homes[slot] = space;
    space.set(key, slot);
    this.link(slot);
  }

  /** Remove `key` (of `space`, by default the map's own) if present. */
  delete(key: K, space: Map<K, number> = this.slots): void {
    const slot = space.get(key);
    if (slot !== undefined) this.remove(slot);
  }

  /** Remove every entry, of every space. */
  clear(): void {
    for (const space of new Set(this.homes)) space?.clear();
    this.count = 0;
    for (const list of [this.keys, this.values, this.expiries, this.older, this.newer, this.unused, this.homes]) list.length = 0;
    this.oldest = -1;
    this.newest = -1;
  }

  private remove(slot: number): void {
    this.homes[slot]!.delete(this.keys[slot]!);
    this.unlink(slot);
    this.count--;
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
    this.homes[slot] = undefined;
    this.unused.push(slot);
  }

  private unlink(slot: number): void {
    const older = this.older[slot]!;
    const newer = this.newer[slot]!;
    if (older === -1) this.oldest = newer;
    else this.newer[older] = newer;
    if (newer === -1) this.newest = older;
    else this.older[newer] = older;
  }

  /** Put `slot` at the most recently used end. */
  private link(slot: number): void {
    this.older[slot] = this.newest;
    this.newer[slot] = -1;
    if (this.newest === -1) this.oldest = slot;
    else this.newer[this.newest] = slot;
    this.newest = slot;
  }
}
