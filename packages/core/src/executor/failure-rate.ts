/**
 * The failure-rate rule of one run: once at least `minSamples` agents have
 * executed, a failure fraction above `maxFailureRate` stops the run.
 * Unstable, for adapters: the scheduler and distributed runs share it so the
 * rule and its message exist once.
 */
export class FailureRate {
  private executed = 0;
  private failures = 0;

  /**
   * @param maxFailureRate failure fraction 0..1 that trips the rule; `undefined` never trips.
   * @param minSamples executed agents needed before the rule applies.
   */
  constructor(
    private readonly maxFailureRate: number | undefined,
    private readonly minSamples: number,
  ) {}

  /**
   * Count one executed agent (`failed` when it ended in an error). Returns the
   * stop message when the rate is now over the limit, else `undefined`.
   */
  record(failed: boolean): string | undefined {
    this.executed++;
    if (failed) this.failures++;
    const { maxFailureRate } = this;
    if (maxFailureRate === undefined || this.executed < this.minSamples) return undefined;
    const rate = this.failures / this.executed;
    if (rate <= maxFailureRate) return undefined;
    return `${this.failures} of ${this.executed} agents failed (${Math.round(rate * 100)}% > maxFailureRate ${Math.round(maxFailureRate * 100)}%); fix the agent or raise maxFailureRate`;
  }
}
