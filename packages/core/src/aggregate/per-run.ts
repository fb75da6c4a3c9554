/**
 * The state an aggregator keeps for each run, keyed by the run's stop signal
 * (`DecideProgress.signal`, `gate`'s and `finish`'s `signal`), so one
 * aggregator can serve concurrent runs. A WeakMap lets a run's state go with
 * its signal when no `finish` comes (a stream).
 *
 * Calls made outside a run (no signal) share one loose state, which
 * `restart` replaces: a caller feeding results by hand starts a new run with
 * its first result.
 */
export class PerRun<S> {
  private readonly states = new WeakMap<AbortSignal, S>();
  private loose: S | undefined;

  constructor(private readonly create: () => S) {}

  /** The state of the run behind `signal`, made on first use. */
  get(signal: AbortSignal | undefined, restart = false): S {
    if (signal === undefined) {
      if (restart || this.loose === undefined) this.loose = this.create();
      return this.loose;
    }
    let state = this.states.get(signal);
    if (state === undefined) {
      state = this.create();
      this.states.set(signal, state);
    }
    return state;
  }

  /** Remove and return the state of the run behind `signal`, if it has one. */
  take(signal: AbortSignal | undefined): S | undefined {
    if (signal === undefined) {
      const state = this.loose;
      this.loose = undefined;
      return state;
    }
    const state = this.states.get(signal);
    this.states.delete(signal);
    return state;
  }
}
