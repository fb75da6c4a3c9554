/** Options of adaptive concurrency (`limits.adaptiveConcurrency`); every field has a default. */
export interface AdaptiveConcurrencyOptions {
  /** The limit it starts at (default: half of `maxConcurrent`, at least `min`). */
  initial?: number;
  /** The lowest it goes (default 1). `maxConcurrent` is the highest. */
  min?: number;
  /** Factor applied on overload, between 0 and 1 exclusive (default 0.5). */
  decrease?: number;
  /**
   * Latency, as a multiple of the fastest recent call, beyond which the
   * limit stops growing (default 2): queueing at the provider shows up as
   * latency before it shows up as errors.
   */
  latencyTolerance?: number;
}

/** How the limit moved over a run: what `stats.concurrencyLimit` reports. */
export interface ConcurrencyLimitStats {
  /** Lowest limit reached. */
  min: number;
  /** Highest limit reached. */
  max: number;
  /** The limit when the run ended. */
  final: number;
  /** How many times an overload cut the limit. */
  decreases: number;
}

/** What one finished call tells the controller. */
export interface CallSignal {
  /** When the call started, in the run clock's milliseconds. */
  startedAt: number;
  /** How long it ran, in milliseconds. */
  durationMs: number;
  /** `true` for a provider overload: a 429, a 503 (or any error with retry-after), a timeout. */
  overloaded: boolean;
}

/**
 * What the scheduler asks of a concurrency controller: the limit to apply,
 * and each finished call to learn from. {@link AimdConcurrency} is the one
 * `limits.adaptiveConcurrency` uses.
 */
export interface ConcurrencyController {
  /** The concurrency limit to apply now (an integer >= 1). */
  readonly limit: number;
  /** Learn from one finished call; returns the new limit. */
  record(call: CallSignal): number;
  /** How the limit moved so far. */
  stats(): ConcurrencyLimitStats;
}
