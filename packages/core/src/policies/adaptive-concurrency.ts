import type { AdaptiveConcurrencyOptions, CallSignal, ConcurrencyController, ConcurrencyLimitStats } from './concurrency-controller.js';
import { FlotillaError, InvalidOptionsError } from '../errors.js';

/**
 * An AIMD (additive increase, multiplicative decrease) concurrency
 * controller, the scheme TCP uses for its congestion window. The limit grows
 * by 1 for every `limit` calls that succeed while latency holds (within
 * `latencyTolerance` x the fastest recent call), and is multiplied by
 * `decrease` on an overload. Overloads from calls that started before the last
 * cut do not cut again (they were launched at the old, higher limit), so one
 * burst of 429s costs one halving.
 *
 * @example
 * const control = new AimdConcurrency(32);
 * control.record({ startedAt, durationMs, overloaded: false });
 * semaphore.resize(control.limit);
 */
export class AimdConcurrency implements ConcurrencyController {
  private current: number;
  private readonly floor: number;
  private readonly factor: number;
  private readonly tolerance: number;
  private growth = 0;
  private lastCutAt = -Infinity;
  private fastestMs = Infinity;
  private lowest: number;
  private highest: number;
  private cuts = 0;

  /** @param ceiling the highest limit (`maxConcurrent`). */
  constructor(
    private readonly ceiling: number,
    options: AdaptiveConcurrencyOptions = {},
  ) {
    const { min = 1, decrease = 0.5, latencyTolerance = 2 } = options;
    if (!(Number.isInteger(min) && min >= 1 && min <= ceiling)) {
      throw new InvalidOptionsError(`adaptiveConcurrency.min must be an integer between 1 and maxConcurrent (${ceiling}), got ${String(min)}`);
    }
    const initial = options.initial ?? Math.max(min, Math.floor(ceiling / 2));
    if (!(Number.isInteger(initial) && initial >= min && initial <= ceiling)) {
      throw new InvalidOptionsError(`adaptiveConcurrency.initial must be an integer between min and maxConcurrent (${ceiling}), got ${String(initial)}`);
    }
    if (!(typeof decrease === 'number' && decrease > 0 && decrease < 1)) {
      throw new InvalidOptionsError(`adaptiveConcurrency.decrease must be a fraction between 0 and 1 exclusive, got ${String(decrease)}`);
    }
    if (!(typeof latencyTolerance === 'number' && latencyTolerance >= 1 && Number.isFinite(latencyTolerance))) {
      throw new InvalidOptionsError(`adaptiveConcurrency.latencyTolerance must be a finite number >= 1, got ${String(latencyTolerance)}`);
    }
    this.floor = min;
    this.factor = decrease;
    this.tolerance = latencyTolerance;
    this.current = initial;
    this.lowest = initial;
    this.highest = initial;
  }

  /** The concurrency limit now. */
  get limit(): number {
    return this.current;
  }

  /** Learn from one finished call; returns the new limit. */
  record(call: CallSignal): number {
    if (call.overloaded) {
      if (call.startedAt >= this.lastCutAt) {
        this.current = Math.max(this.floor, Math.floor(this.current * this.factor));
        this.lastCutAt = call.startedAt + call.durationMs;
        this.growth = 0;
        this.cuts++;
      }
    } else {
      // The fastest call seen drifts up slowly, so one lucky call long ago does not freeze growth.
      this.fastestMs = Math.min(call.durationMs, this.fastestMs * 1.01);
      if (call.durationMs <= this.fastestMs * this.tolerance && this.current < this.ceiling) {
        this.growth += 1;
        if (this.growth >= this.current) {
          this.growth = 0;
          this.current += 1;
        }
      }
    }
    this.lowest = Math.min(this.lowest, this.current);
    this.highest = Math.max(this.highest, this.current);
    return this.current;
  }

  /** How the limit moved so far. */
  stats(): ConcurrencyLimitStats {
    return { min: this.lowest, max: this.highest, final: this.current, decreases: this.cuts };
  }
}

/**
 * Whether a failed call says the provider is overloaded: a rate limit
 * (429), a timeout, or any error carrying a retry-after (a 503 usually does).
 */
export function isOverload(error: unknown): boolean {
  if (!FlotillaError.isInstance(error)) return false;
  if (error.code === 'rate_limited' || error.code === 'timeout') return true;
  return typeof (error as { retryAfterMs?: unknown }).retryAfterMs === 'number';
}
