/** What a leader hands to the items that waited on its key: its value, or `{ ok: false }` (run on your own). */
export type Shared<V> = { ok: true; value: V } | { ok: false };

/** One execution in flight, and its followers' promise once one asked. */
export interface Flight<V> {
  outcome?: Promise<Shared<V>>;
  resolve?: (outcome: Shared<V>) => void;
}

const NOT_SHARED: Shared<never> = Object.freeze({ ok: false });

/**
 * Shares one in-flight execution among concurrent callers with the same key:
 * the first caller leads (runs the work), the others wait for its outcome.
 *
 * A follower's promise, and the outcome handed to it, are made only when a
 * follower asks, so the common case, a key nobody else wants, costs a map
 * entry and one small object.
 */
export class SingleFlight<V, K = string> {
  private readonly flights = new Map<K, Flight<V>>();

  /** The outcome of the execution already running under `key`, if any. */
  pending(key: K): Promise<Shared<V>> | undefined {
    const flight = this.flights.get(key);
    if (!flight) return undefined;
    flight.outcome ??= new Promise<Shared<V>>((resolve) => (flight.resolve = resolve));
    return flight.outcome;
  }

  /**
   * Lead the execution under `key`: followers wait until {@link land} is
   * called with this flight. Land it exactly once, also when the work fails.
   */
  lead(key: K): Flight<V> {
    const flight: Flight<V> = {};
    this.flights.set(key, flight);
    return flight;
  }

  /** End `flight`: followers get `value` when `ok`, else run on their own. */
  land(key: K, flight: Flight<V>, ok: boolean, value?: V): void {
    if (this.flights.get(key) === flight) this.flights.delete(key);
    flight.resolve?.(ok ? { ok: true, value: value as V } : NOT_SHARED);
  }
}
