/**
 * Shares one in-flight execution among concurrent callers with the same key:
 * the first caller leads (runs the work), the others wait for its outcome.
 *
 * A follower's promise is made only when a follower asks, so the common case,
 * a key nobody else wants, costs a map entry and no promise.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /** The outcome of the execution already running under `key`, if any. */
  pending(key: string): Promise<T> | undefined {
    const flight = this.flights.get(key);
    if (!flight) return undefined;
    flight.outcome ??= new Promise<T>((resolve) => (flight.resolve = resolve));
    return flight.outcome;
  }

  /**
   * Lead the execution under `key`: followers wait until the returned
   * function is called with the outcome they get. Call it exactly once, also
   * when the work fails (with an outcome that tells followers to run on their own).
   */
  lead(key: string): (outcome: T) => void {
    const flight: Flight<T> = {};
    this.flights.set(key, flight);
    return (outcome) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      flight.resolve?.(outcome);
    };
  }
}

/** One execution in flight, and its followers' promise once one asked. */
interface Flight<T> {
  outcome?: Promise<T>;
  resolve?: (outcome: T) => void;
}
