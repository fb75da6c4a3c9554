/**
 * Holds items that arrive out of order and releases them in order of their
 * position (0, 1, 2, ...). Memory is bounded by how far ahead of the next
 * expected position items are allowed to arrive, which the caller enforces
 * with {@link ReorderBuffer.waitForRoom}.
 */
export class ReorderBuffer<T> {
  private readonly held = new Map<number, T>();
  private nextPosition = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  /** @param window how far ahead of the next expected position a producer may run (an integer >= 1). */
  constructor(readonly window: number) {
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be an integer >= 1, got ${window}`);
  }

  /** The position released next. */
  get next(): number {
    return this.nextPosition;
  }

  /** How many items are held back waiting for an earlier one. */
  get size(): number {
    return this.held.size;
  }

  /** Add the item at `position`; returns every item that is now releasable, in order. */
  push(position: number, item: T): T[] {
    if (position < this.nextPosition || this.held.has(position)) {
      throw new RangeError(`position ${position} was already released or is held`);
    }
    this.held.set(position, item);
    const ready: T[] = [];
    while (this.held.has(this.nextPosition)) {
      ready.push(this.held.get(this.nextPosition) as T);
      this.held.delete(this.nextPosition++);
    }
    if (ready.length > 0) this.wake();
    return ready;
  }

  /** Take every held item, in position order, leaving gaps behind (when a run ends without some results). */
  drain(): T[] {
    const positions = [...this.held.keys()].sort((a, b) => a - b);
    const items = positions.map((position) => this.held.get(position) as T);
    this.held.clear();
    if (positions.length > 0) this.nextPosition = positions.at(-1)! + 1;
    this.wake();
    return items;
  }

  /** Resolves once `position` is within `window` of the next position to release. */
  waitForRoom(position: number): Promise<void> | undefined {
    if (position < this.nextPosition + this.window) return undefined;
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (waiter.position < this.nextPosition + this.window) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}
