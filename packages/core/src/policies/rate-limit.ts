import { abortError } from './abortable-sleep.js';
import { GrantWindow } from './window-grants.js';
import { isCount, ProviderCorrection } from './provider-correction.js';
import { rateLimitShape, type RateLimitOptions } from './rate-limit-options.js';
import type { RateLimitReport, RatePermit, WeightedRateLimiter } from './rate-limiter.js';
import { WaiterQueue } from './waiter-queue.js';
import { systemClock, type Clock } from '../util/clock.js';

export { defaultMarginMs, RATE_LIMIT_DEFAULTS, type RateLimitOptions } from './rate-limit-options.js';

const MAX_TIMER_MS = 2_147_483_647;
const TIMER_SLACK_MS = 1e-6;

/**
 * A {@link RateLimiter} that meters requests and tokens over a sliding window,
 * the way providers enforce requests-per-minute (RPM) and tokens-per-minute
 * (TPM): in any window of `windowMs`, the requests granted never exceed
 * `requestsPerMinute` and their tokens never exceed `tokensPerMinute` (as long
 * as reconciled counts do not exceed the estimates).
 *
 * - `acquire(signal, tokens)` waits until one request of `tokens` fits both
 *   quotas and resolves to a {@link RatePermit}; `permit.reconcile(actual)`
 *   replaces the estimate with the provider's count (unused tokens go back,
 *   extra ones are charged). A request larger than `tokensPerMinute` waits for
 *   an empty window and then goes alone.
 * - Waiters are served strictly first come, first served, so a large request
 *   is never starved by a stream of small ones. One timer, set for the moment
 *   the head waiter fits (computed from the window, never polling), wakes the
 *   queue; no timer stays armed while no one waits. Waiters sharing one abort
 *   signal add one listener to it between them.
 * - `permit.start()` (the scheduler calls it as the request is sent) moves
 *   the grant to the send time, since the provider counts requests from
 *   their arrival: a grant that waited for a concurrency slot does not leave
 *   the window early. A permit started more than a window after its grant
 *   counts again from the start (it can then exceed the quota once).
 * - `pause(ms)` grants nothing until the pause ends (a provider's retry-after).
 * - `observe(report)` trusts the provider's `x-ratelimit-*` figures: a lower
 *   `limit-*` lowers the quota, and a `remaining-*` below what this limiter
 *   thinks is left is held as used until the matching `reset-*` (another
 *   client shares the key). Figures that say more is left are ignored: local
 *   grants the provider has not yet seen still count.
 *
 * @throws RangeError when neither quota is given, or a quota is not an
 *   integer >= 1, or `windowMs` is not a finite number > 0.
 * @example
 * const openai = rateLimit({ requestsPerMinute: 500, tokensPerMinute: 200_000 });
 * const permit = await openai.acquire(signal, 1_200); // estimated tokens
 * // ... call the provider ...
 * permit.reconcile(usage.prompt_tokens + usage.completion_tokens);
 */
export function rateLimit(options: RateLimitOptions): WeightedRateLimiter {
  return new SlidingWindowLimiter(options);
}

class SlidingWindowLimiter implements WeightedRateLimiter {
  private readonly windowMs: number;
  private readonly clock: Clock;
  private requestQuota: number;
  private tokenQuota: number;
  private readonly grants: GrantWindow;
  private readonly requestCorrection = new ProviderCorrection();
  private readonly tokenCorrection = new ProviderCorrection();
  private pausedUntil = -Infinity;
  private readonly waiters = new WaiterQueue<number, RatePermit>(() => this.abandoned());
  private timer: unknown;
  private armed = false;

  constructor(options: RateLimitOptions) {
    const { requestQuota, tokenQuota, windowMs, holdMs } = rateLimitShape(options);
    this.requestQuota = requestQuota;
    this.tokenQuota = tokenQuota;
    this.windowMs = windowMs;
    this.grants = new GrantWindow(holdMs);
    this.clock = options.clock ?? systemClock;
  }

  acquire(signal?: AbortSignal, tokens = 0): Promise<RatePermit> {
    if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
      return Promise.reject(new RangeError(`acquire expects a finite token estimate >= 0, got ${String(tokens)}`));
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const now = this.clock.now();
    this.grants.prune(now);
    if (this.waiters.size === 0 && this.fitsAt(now, tokens, this.grants.usedRequests, this.grants.usedTokens)) {
      return Promise.resolve(this.grant(now, tokens));
    }
    const granted = this.waiters.wait(tokens, signal);
    if (!this.armed) this.arm(now);
    return granted;
  }

  pause(ms: number): void {
    if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`pause expects a finite number of milliseconds >= 0, got ${String(ms)}`);
    }
    const until = this.clock.now() + ms;
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    if (this.waiters.size > 0) this.arm(this.clock.now());
  }

  observe(report: RateLimitReport): void {
    const now = this.clock.now();
    this.grants.prune(now);
    if (isCount(report.limitRequests) && report.limitRequests >= 1) this.requestQuota = Math.min(this.requestQuota, report.limitRequests);
    if (isCount(report.limitTokens) && report.limitTokens >= 1) this.tokenQuota = Math.min(this.tokenQuota, report.limitTokens);
    const { usedRequests, usedTokens } = this.grants;
    this.requestCorrection.correct(this.requestQuota - usedRequests, report.remainingRequests, report.resetRequestsMs, now, this.windowMs);
    this.tokenCorrection.correct(this.tokenQuota - usedTokens, report.remainingTokens, report.resetTokensMs, now, this.windowMs);
    if (this.waiters.size > 0) this.arm(now);
  }

  private grant(now: number, tokens: number): RatePermit {
    const grants = this.grants;
    let grant = grants.push(now, tokens);
    let reconciled = false;
    let started = false;
    return {
      start: () => {
        if (started) return;
        started = true;
        const at = this.clock.now();
        grants.prune(at);
        if (grant.at === at) return;
        // The request goes out now, so the provider counts it from now: move it.
        const tokens = grant.tokens;
        grants.vacate(grant);
        grant = grants.push(at, tokens);
        if (this.waiters.size > 0) this.arm(at);
      },
      reconcile: (actualTokens: number) => {
        if (!(typeof actualTokens === 'number' && Number.isFinite(actualTokens) && actualTokens >= 0)) {
          throw new RangeError(`reconcile expects a finite token count >= 0, got ${String(actualTokens)}`);
        }
        if (reconciled) return;
        reconciled = true;
        const at = this.clock.now();
        grants.prune(at);
        // A grant already out of the window no longer counts either way.
        if (!grant.live) return;
        grants.recharge(grant, actualTokens);
        if (this.waiters.size > 0) this.arm(at);
      },
    };
  }

  /** Whether one request of `tokens` fits at time `t`, given the window's usage then. */
  private fitsAt(t: number, tokens: number, requests: number, used: number): boolean {
    if (t < this.pausedUntil) return false;
    const extraTokens = this.tokenCorrection.at(t);
    if (requests + this.requestCorrection.at(t) + 1 > this.requestQuota) return false;
    // A request larger than the whole quota goes alone into an empty window.
    const weight = Math.min(tokens, this.tokenQuota);
    return used + extraTokens + weight <= this.tokenQuota || (requests === 0 && extraTokens === 0 && used <= 0);
  }

  /** The earliest time >= now at which a request of `tokens` fits. */
  private fitTime(now: number, tokens: number): number {
    const corrections = [this.requestCorrection, this.tokenCorrection];
    return this.grants.earliest(
      Math.max(now, this.pausedUntil),
      (t, requests, used) => this.fitsAt(t, tokens, requests, used),
      (t) => Math.min(...corrections.map((correction) => (correction.until > t ? correction.until : Infinity))),
    );
  }

  /** Grant every waiter that fits, in order, then re-arm for the next one. */
  private wake(): void {
    this.armed = false;
    const now = this.clock.now();
    this.grants.prune(now);
    for (const waiter of this.waiters) {
      if (!this.fitsAt(now, waiter.request, this.grants.usedRequests, this.grants.usedTokens)) break;
      this.waiters.grant(waiter, this.grant(now, waiter.request));
    }
    if (this.waiters.size > 0) this.arm(now);
  }

  /** (Re)arm the single timer for when the head waiter fits. */
  private arm(now: number): void {
    if (this.armed) this.clock.clearTimeout(this.timer);
    const head = this.waiters.head!;
    this.grants.prune(now);
    const delay = this.fitTime(now, head.request) - now;
    // Whole milliseconds (at least one) guarantee progress; a wake that comes
    // too early (float noise) simply re-arms.
    const ms = Math.max(delay <= 0 ? 0 : 1, Math.ceil(delay - TIMER_SLACK_MS));
    this.timer = this.clock.setTimeout(() => this.wake(), Math.min(MAX_TIMER_MS, ms));
    this.armed = true;
  }

  /** A waiter aborted: drop the timer when no one is left, else re-arm (the next one may be smaller and fit sooner). */
  private abandoned(): void {
    if (this.waiters.size === 0) {
      if (this.armed) this.clock.clearTimeout(this.timer);
      this.armed = false;
    } else {
      this.arm(this.clock.now());
    }
  }
}
