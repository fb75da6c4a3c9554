import { abortError } from './abortable-sleep.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { RateLimiter } from './rate-limiter.js';
import { WaiterQueue } from './waiter-queue.js';

/** Options of {@link tokenBucket}. */
export interface TokenBucketOptions {
  /** Sustained rate: tokens added per second. Any finite number > 0 (e.g. 0.001 or 1e6). */
  requestsPerSecond: number;
  /**
   * Bucket size: how many requests may go at once after an idle spell, an
   * integer >= 1 (default 1). The bucket starts full.
   */
  burst?: number;
  /** Time source (default {@link systemClock}); inject a fake one in tests. */
  clock?: Clock;
}

// A token counts as whole when it is this close to 1; float sums of small
// refills (rate x elapsed) can land a hair below. Grants take a full token, so
// the tolerance never accumulates: the deficit is carried as a debt.
const EPSILON = 1e-9;
// Runtimes treat a longer timer delay (2^31 - 1 ms, about 24.8 days) as 1 ms;
// longer waits re-arm in steps.
const MAX_TIMER_MS = 2_147_483_647;
const TIMER_SLACK_MS = 1e-6;

/**
 * A token bucket {@link RateLimiter}: at most `burst + requestsPerSecond x t`
 * requests in any window of `t` seconds. Waiters are served first come, first
 * served (waiters sharing one abort signal add one listener to it between
 * them); one timer (computed from the bucket level, never polling) wakes the
 * head of the queue, and no timer stays armed while no one waits.
 *
 * `pause(ms)` freezes the bucket: nothing is granted until the pause ends and
 * no tokens accrue during it, so the bucket resumes with the level it had when
 * the pause began (a long 429 back-off does not turn into a full burst).
 *
 * Timers have millisecond resolution, so with a small `burst` the effective
 * rate tops out near `burst` per millisecond; raise `burst` for very high rates.
 *
 * @throws RangeError when `requestsPerSecond` is not a finite number > 0 or
 *   `burst` is not an integer >= 1.
 * @example
 * const openai = tokenBucket({ requestsPerSecond: 5, burst: 10 });
 * await openai.acquire(signal); // one request may go now
 */
export function tokenBucket(options: TokenBucketOptions): RateLimiter {
  return new TokenBucket(options);
}

class TokenBucket implements RateLimiter {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = -Infinity;
  private readonly waiters = new WaiterQueue<void, void>(() => this.abandoned());
  private timer: unknown;
  private armed = false;

  constructor({ requestsPerSecond, burst = 1, clock = systemClock }: TokenBucketOptions) {
    if (!(typeof requestsPerSecond === 'number' && Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be a finite number > 0, got ${String(requestsPerSecond)}`);
    }
    if (!(Number.isInteger(burst) && burst >= 1)) {
      throw new RangeError(`burst must be an integer >= 1, got ${String(burst)}`);
    }
    this.perMs = requestsPerSecond / 1000;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.refilledAt = clock.now();
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const now = this.clock.now();
    this.refill(now);
    if (this.waiters.size === 0 && this.canGrant(now)) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    const granted = this.waiters.wait(undefined, signal);
    if (!this.armed) this.arm(now);
    return granted;
  }

  pause(ms: number): void {
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`pause expects a finite number of milliseconds >= 0, got ${String(ms)}`);
    }
    const now = this.clock.now();
    // Bank what accrued up to now; nothing accrues while paused.
    this.refill(now);
    const until = now + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    if (this.waiters.size > 0) this.arm(now);
  }

  private canGrant(now: number): boolean {
    return now >= this.pausedUntil && this.tokens >= 1 - EPSILON;
  }

  private refill(now: number): void {
    const from = Math.max(this.refilledAt, this.pausedUntil);
    if (now > from) this.tokens = Math.min(this.burst, this.tokens + (now - from) * this.perMs);
    if (now > this.refilledAt) this.refilledAt = now;
  }

  /** Grant every waiter the bucket can pay for, then re-arm for the next one. */
  private wake(): void {
    this.armed = false;
    const now = this.clock.now();
    this.refill(now);
    for (const waiter of this.waiters) {
      if (!this.canGrant(now)) break;
      this.tokens -= 1;
      this.waiters.grant(waiter, undefined);
    }
    if (this.waiters.size > 0) this.arm(now);
  }

  /** (Re)arm the single timer for when the head waiter can be granted. */
  private arm(now: number): void {
    if (this.armed) this.clock.clearTimeout(this.timer);
    const delay =
      now < this.pausedUntil
        ? this.pausedUntil - now
        : Math.max(0, (1 - this.tokens) / this.perMs);
    // Whole milliseconds (at least one) guarantee progress even where
    // `now + delay` would round back to `now`; real timers have that
    // resolution anyway. The slack keeps float noise (x.0000001) from
    // costing a whole extra millisecond; a wake that comes too early re-arms.
    const ms = Math.max(1, Math.ceil(delay - TIMER_SLACK_MS));
    this.timer = this.clock.setTimeout(() => this.wake(), Math.min(MAX_TIMER_MS, ms));
    this.armed = true;
  }

  /** A waiter aborted. */
  private abandoned(): void {
    // The head waiter's timer serves the next one just as well; only an empty
    // queue drops it, so nothing stays armed.
    if (this.waiters.size === 0 && this.armed) {
      this.clock.clearTimeout(this.timer);
      this.armed = false;
    }
  }
}
