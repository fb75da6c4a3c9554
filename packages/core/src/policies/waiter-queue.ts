import { abortError } from './abortable-sleep.js';
import { whenAborted } from '../util/abort-listeners.js';

/** One queued caller of a limiter: what it asks for, and how to settle its promise. */
export interface Waiter<T, V> {
  /** What the caller asked for (e.g. its token estimate). */
  readonly request: T;
  readonly signal: AbortSignal | undefined;
  resolve(value: V): void;
  reject(error: unknown): void;
  /** Cancels the abort callback; set while the waiter waits on a signal. */
  unwatch: (() => void) | undefined;
}

/**
 * The first come, first served queue of a limiter's waiting callers. A
 * caller's abort takes it out and rejects it (with `abortError`), then tells
 * the limiter through `onAbandon` (to re-arm or drop its timer).
 *
 * Aborts are watched through {@link whenAborted}: however many callers wait
 * on one signal (every waiter of a run shares its stop signal), the signal
 * carries a single listener, so a thousand waiters raise no
 * `MaxListenersExceededWarning`.
 */
export class WaiterQueue<T, V> {
  // A Set keeps insertion order (FIFO) and removes an aborted waiter in O(1).
  private readonly waiters = new Set<Waiter<T, V>>();

  constructor(private readonly onAbandon: () => void) {}

  get size(): number {
    return this.waiters.size;
  }

  /** The waiter that came first, if any. */
  get head(): Waiter<T, V> | undefined {
    return this.waiters.values().next().value;
  }

  /** The waiters, first come first; granting the current one while iterating is safe. */
  [Symbol.iterator](): IterableIterator<Waiter<T, V>> {
    return this.waiters.values();
  }

  /** Queue a caller asking for `request`; the promise settles when it is granted or `signal` aborts. */
  wait(request: T, signal: AbortSignal | undefined): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter<T, V> = { request, signal, resolve, reject, unwatch: undefined };
      if (signal) waiter.unwatch = whenAborted(signal, () => this.abandon(waiter));
      this.waiters.add(waiter);
    });
  }

  /** Take `waiter` out of the queue and resolve it with `value`. */
  grant(waiter: Waiter<T, V>, value: V): void {
    this.settle(waiter);
    waiter.resolve(value);
  }

  private abandon(waiter: Waiter<T, V>): void {
    if (!this.waiters.has(waiter)) return;
    this.settle(waiter);
    waiter.reject(abortError(waiter.signal!));
    this.onAbandon();
  }

  private settle(waiter: Waiter<T, V>): void {
    this.waiters.delete(waiter);
    waiter.unwatch?.();
    waiter.unwatch = undefined;
  }
}
