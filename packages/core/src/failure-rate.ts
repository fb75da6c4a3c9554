import type { Limits } from './types.js';

/**
 * The failure-rate stop of one run: counts finished agents and failures, and
 * says when `maxFailureRate` is passed (after `failureRateMinSamples`).
 */
export class FailureRate {
  private executed = 0;
  private failures = 0;

  constructor(private readonly limits: Pick<Limits, 'maxFailureRate' | 'failureRateMinSamples'>) {}

  /** Count one finished agent; returns the stop message once the rate is passed, else `undefined`. */
  record(failed: boolean): string | undefined {
    this.executed++;
    if (failed) this.failures++;
    const { maxFailureRate, failureRateMinSamples } = this.limits;
    if (maxFailureRate === undefined || this.executed < failureRateMinSamples) return undefined;
    const rate = this.failures / this.executed;
    if (rate <= maxFailureRate) return undefined;
    return `${this.failures} of ${this.executed} agents failed (${Math.round(rate * 100)}% > maxFailureRate ${Math.round(maxFailureRate * 100)}%); fix the agent or raise maxFailureRate`;
  }
}
