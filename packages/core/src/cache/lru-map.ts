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
 * Kept rather than lru-cache 11 (core has no dependencies, and this is not
 * slower): 199 ns against 215 ns per operation (0.93x) at 10,000 entries
 * with an overflowing working set, apps/bench `libraries` scenario.
 */
export class LruMap<K, V> {
  private readonly slots = new Map<K, number>();
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
    return this.slots.size;
  }

  /**
   * The value of `key`, which becomes the most recently used; `undefined`
   * when absent, or when it expired at or before `now` (it is then dropped).
   */
  get(key: K, now = -Infinity): V | undefined {
    const slot = this.slots.get(key);
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
  set(key: K, value: V, expiresAt = Infinity): void {
    let slot = this.slots.get(key);
    if (slot !== undefined) this.unlink(slot);
    else if (this.slots.size >= this.capacity) {
      // Evict the least recently used and take its slot.
      slot = this.oldest;
      this.slots.delete(this.keys[slot]!);
      this.unlink(slot);
    } else slot = this.unused.pop() ?? this.keys.length;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.expiries[slot] = expiresAt;
    this.slots.set(key, slot);
    this.link(slot);
  }

  /** Remove `key` if present. */
  delete(key: K): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) this.remove(slot);
  }

  /** Remove every entry. */
  clear(): void {
    this.slots.clear();
    for (const list of [this.keys, this.values, this.expiries, this.older, this.newer, this.unused]) list.length = 0;
    this.oldest = -1;
    this.newest = -1;
  }

  private remove(slot: number): void {
    this.slots.delete(this.keys[slot]!);
    this.unlink(slot);
    this.keys[slot] = undefined;
    this.values[slot] = undefined;
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
