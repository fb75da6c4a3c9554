/**
 * A map that keeps its keys in order of use and drops the least recently
 * used beyond `capacity`. Reads, writes and evictions are O(1).
 *
 * Not a plain Map re-inserted on each read: deleting from a Map leaves holes
 * that stay until V8 rehashes it, and taking the oldest key
 * (`keys().next()`) walks over them, so at capacity every eviction scanned
 * thousands of holes. A linked list of the entries, in use order, avoids both.
 */
export class LruMap<K, V> {
  private readonly nodes = new Map<K, Node<K, V>>();
  /** Least recently used. */
  private oldest: Node<K, V> | undefined;
  /** Most recently used. */
  private newest: Node<K, V> | undefined;

  constructor(private readonly capacity: number) {}

  /** Entries held. */
  get size(): number {
    return this.nodes.size;
  }

  /** The value of `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const node = this.nodes.get(key);
    if (node === undefined) return undefined;
    if (node !== this.newest) {
      this.unlink(node);
      this.append(node);
    }
    return node.value;
  }

  /** Store `value` as the most recently used, dropping the least recently used beyond the capacity. */
  set(key: K, value: V): void {
    const existing = this.nodes.get(key);
    if (existing !== undefined) this.remove(existing);
    const node: Node<K, V> = { key, value, older: undefined, newer: undefined };
    this.nodes.set(key, node);
    this.append(node);
    while (this.nodes.size > this.capacity) this.remove(this.oldest!);
  }

  /** Remove `key` if present. */
  delete(key: K): void {
    const node = this.nodes.get(key);
    if (node !== undefined) this.remove(node);
  }

  /** Remove every entry. */
  clear(): void {
    this.nodes.clear();
    this.oldest = undefined;
    this.newest = undefined;
  }

  private remove(node: Node<K, V>): void {
    this.nodes.delete(node.key);
    this.unlink(node);
  }

  private append(node: Node<K, V>): void {
    node.older = this.newest;
    node.newer = undefined;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }

  private unlink(node: Node<K, V>): void {
    if (node.older) node.older.newer = node.newer;
    else this.oldest = node.newer;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = undefined;
    node.newer = undefined;
  }
}

interface Node<K, V> {
  readonly key: K;
  readonly value: V;
  older: Node<K, V> | undefined;
  newer: Node<K, V> | undefined;
}
