/**
 * Shares one in-flight execution among concurrent callers with the same key:
 * the first caller runs `work`, the others await its promise.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  /** The promise of the execution already running under `key`, if any. */
  pending(key: string): Promise<T> | undefined {
    return this.inFlight.get(key);
  }

  /** Run `work` as the leader for `key`; followers see it through {@link pending} until it settles. */
  lead(key: string, work: () => Promise<T>): Promise<T> {
    const promise = work().finally(() => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }
}
