import { abortError } from './abortable-sleep.js';
import { systemClock, type Clock } from '../util/clock.js';
import type { RateLimitReport, RatePermit, WeightedRateLimiter } from './rate-limiter.js';

/** Options of {@link rateLimit}. At least one of the two quotas is required. */
export interface RateLimitOptions {
  /** Most requests granted in any window of `windowMs`, an integer >= 1. */
  requestsPerMinute?: number;
  /** Most tokens (estimates, corrected by reconciliation) granted in any window of `windowMs`, an integer >= 1. */
  tokensPerMinute?: number;
  /**
   * Length of the window the quotas apply to, in milliseconds (default
   * 60 000, a minute). Shorter values compress time for tests and benchmarks.
   */
  windowMs?: number;
  /**
   * How much longer than `windowMs` a grant keeps counting, in milliseconds
   * (default: 1% of `windowMs`, at most 1000). The provider counts a request
   * when it arrives, a little after the grant (network, queueing); without a
   * margin, a grant made just as an old one leaves this window can reach the
   * provider while the old one is still in its window, and be answered 429.
   */
  marginMs?: number;
  /** Time source (default {@link systemClock}); inject a fake one in tests. */
  clock?: Clock;
}

/** Defaults of {@link rateLimit}: the window, and the margin as a share of it with its cap. */
export const RATE_LIMIT_DEFAULTS = {
  /** The window quotas are counted over, in milliseconds (a minute). */
  windowMs: 60_000,
  /** The default margin as a share of the window. */
  marginShare: 0.01,
  /** The largest default margin, in milliseconds. */
  maxMarginMs: 1000,
} as const;

/** The margin {@link rateLimit} uses for a window of `windowMs` when none is given, in milliseconds. */
export function defaultMarginMs(windowMs: number): number {
  return Math.min(RATE_LIMIT_DEFAULTS.maxMarginMs, windowMs * RATE_LIMIT_DEFAULTS.marginShare);
}

/** One granted request, kept while it is inside the window. */
interface Grant {
  at: number;
  tokens: number;
  /** 1, or 0 for a grant that moved to a later time when its request was sent. */
  requests: number;
  /** Still inside the window (not pruned yet). */
  live: boolean;
}

/** One queued `acquire` call. */
interface Waiter {
  tokens: number;
  resolve(permit: RatePermit): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Usage the provider reported that this limiter did not grant (other clients of the key), until it expires. */
interface Correction {
  amount: number;
  until: number;
}

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
 *   queue; no timer stays armed while no one waits.
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
  // How long a grant counts: the window plus the margin.
  private readonly holdMs: number;
  private readonly clock: Clock;
  private requestQuota: number;
  private tokenQuota: number;
  // Grants inside the window, oldest first, from `head` on; compacted as it drains.
  private grants: Grant[] = [];
  private head = 0;
  private usedRequests = 0;
  private usedTokens = 0;
  private readonly requestCorrection: Correction = { amount: 0, until: -Infinity };
  private readonly tokenCorrection: Correction = { amount: 0, until: -Infinity };
  private pausedUntil = -Infinity;
  // A Set keeps insertion order (FIFO) and removes an aborted waiter in O(1).
  private readonly waiters = new Set<Waiter>();
  private timer: unknown;
  private armed = false;

  constructor({ requestsPerMinute, tokensPerMinute, windowMs = RATE_LIMIT_DEFAULTS.windowMs, marginMs, clock = systemClock }: RateLimitOptions) {
    if (requestsPerMinute === undefined && tokensPerMinute === undefined) {
      throw new RangeError('rateLimit needs requestsPerMinute, tokensPerMinute or both');
    }
    for (const [name, value] of [['requestsPerMinute', requestsPerMinute], ['tokensPerMinute', tokensPerMinute]] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
      }
    }
    if (!(typeof windowMs === 'number' && Number.isFinite(windowMs) && windowMs > 0)) {
      throw new RangeError(`windowMs must be a finite number of milliseconds > 0, got ${String(windowMs)}`);
    }
    this.requestQuota = requestsPerMinute ?? Infinity;
    this.tokenQuota = tokensPerMinute ?? Infinity;
    const margin = marginMs ?? defaultMarginMs(windowMs);
    if (!(typeof margin === 'number' && Number.isFinite(margin) && margin >= 0)) {
      throw new RangeError(`marginMs must be a finite number of milliseconds >= 0, got ${String(marginMs)}`);
    }
    this.windowMs = windowMs;
    this.holdMs = windowMs + margin;
    this.clock = clock;
  }

  acquire(signal?: AbortSignal, tokens = 0): Promise<RatePermit> {
    if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
      return Promise.reject(new RangeError(`acquire expects a finite token estimate >= 0, got ${String(tokens)}`));
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const now = this.clock.now();
    this.prune(now);
    if (this.waiters.size === 0 && this.fitsAt(now, tokens, this.usedRequests, this.usedTokens)) {
      return Promise.resolve(this.grant(now, tokens));
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = { tokens, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => this.abandon(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.add(waiter);
      if (!this.armed) this.arm(now);
    });
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
    this.prune(now);
    if (isCount(report.limitRequests) && report.limitRequests >= 1) this.requestQuota = Math.min(this.requestQuota, report.limitRequests);
    if (isCount(report.limitTokens) && report.limitTokens >= 1) this.tokenQuota = Math.min(this.tokenQuota, report.limitTokens);
    this.correct(this.requestCorrection, this.requestQuota - this.usedRequests, report.remainingRequests, report.resetRequestsMs, now);
    this.correct(this.tokenCorrection, this.tokenQuota - this.usedTokens, report.remainingTokens, report.resetTokensMs, now);
    if (this.waiters.size > 0) this.arm(now);
  }

  /** Hold as used what the provider says is gone beyond our own grants, until its reset. */
  private correct(correction: Correction, localLeft: number, remaining: number | undefined, resetMs: number | undefined, now: number): void {
    if (!isCount(remaining) || !Number.isFinite(localLeft)) return;
    if (correction.until <= now) correction.amount = 0;
    const missing = localLeft - correction.amount - remaining;
    if (missing <= 0) return;
    correction.amount += missing;
    // Without a reset figure, assume the worst: a whole window.
    const reset = isCount(resetMs) ? Math.min(resetMs, this.windowMs) : this.windowMs;
    correction.until = Math.max(correction.until, now + reset);
  }

  private grant(now: number, tokens: number): RatePermit {
    let grant = this.push(now, tokens);
    let reconciled = false;
    let started = false;
    return {
      start: () => {
        if (started) return;
        started = true;
        const at = this.clock.now();
        this.prune(at);
        if (grant.at === at) return;
        // The request goes out now, so the provider counts it from now: move it.
        const tokens = grant.tokens;
        if (grant.live) {
          // What stays behind is an empty marker; the window's order is kept.
          this.usedRequests -= grant.requests;
          this.usedTokens -= tokens;
          grant.requests = 0;
          grant.tokens = 0;
        }
        grant = this.push(at, tokens);
        if (this.waiters.size > 0) this.arm(at);
      },
      reconcile: (actualTokens: number) => {
        if (!(typeof actualTokens === 'number' && Number.isFinite(actualTokens) && actualTokens >= 0)) {
          throw new RangeError(`reconcile expects a finite token count >= 0, got ${String(actualTokens)}`);
        }
        if (reconciled) return;
        reconciled = true;
        const at = this.clock.now();
        this.prune(at);
        // A grant already out of the window no longer counts either way.
        if (!grant.live) return;
        this.usedTokens += actualTokens - grant.tokens;
        grant.tokens = actualTokens;
        if (this.waiters.size > 0) this.arm(at);
      },
    };
  }

  /** Add a grant at `at` (never earlier than the last one) to the window. */
  private push(at: number, tokens: number): Grant {
    const grant: Grant = { at, tokens, requests: 1, live: true };
    this.grants.push(grant);
    this.usedRequests += 1;
    this.usedTokens += tokens;
    return grant;
  }

  /** Drop grants that left the window `(now - windowMs, now]`. */
  private prune(now: number): void {
    const grants = this.grants;
    while (this.head < grants.length && grants[this.head]!.at + this.holdMs <= now) {
      const old = grants[this.head++]!;
      old.live = false;
      this.usedRequests -= old.requests;
      this.usedTokens -= old.tokens;
    }
    if (this.head === grants.length) {
      this.grants = [];
      this.head = 0;
      // Reset the float sum so rounding never builds up over a long run.
      this.usedTokens = 0;
    } else if (this.head > 1024 && this.head * 2 > grants.length) {
      this.grants = grants.slice(this.head);
      this.head = 0;
    }
  }

  /** Whether one request of `tokens` fits at time `t`, given the window's usage then. */
  private fitsAt(t: number, tokens: number, requests: number, used: number): boolean {
    if (t < this.pausedUntil) return false;
    const extraRequests = this.requestCorrection.until > t ? this.requestCorrection.amount : 0;
    const extraTokens = this.tokenCorrection.until > t ? this.tokenCorrection.amount : 0;
    if (requests + extraRequests + 1 > this.requestQuota) return false;
    // A request larger than the whole quota goes alone into an empty window.
    const weight = Math.min(tokens, this.tokenQuota);
    return used + extraTokens + weight <= this.tokenQuota || (requests === 0 && extraTokens === 0 && used <= 0);
  }

  /** The earliest time >= now at which a request of `tokens` fits: scan the window's expiries in order. */
  private fitTime(now: number, tokens: number): number {
    let t = Math.max(now, this.pausedUntil);
    let i = this.head;
    let requests = this.usedRequests;
    let used = this.usedTokens;
    const grants = this.grants;
    for (;;) {
      while (i < grants.length && grants[i]!.at + this.holdMs <= t) {
        requests -= grants[i]!.requests;
        used -= grants[i]!.tokens;
        i++;
      }
      if (this.fitsAt(t, tokens, requests, used)) return t;
      let next = Infinity;
      if (i < grants.length) next = grants[i]!.at + this.holdMs;
      for (const correction of [this.requestCorrection, this.tokenCorrection]) {
        if (correction.until > t && correction.until < next) next = correction.until;
      }
      if (next === Infinity) return t;
      t = next;
    }
  }

  /** Grant every waiter that fits, in order, then re-arm for the next one. */
  private wake(): void {
    this.armed = false;
    const now = this.clock.now();
    this.prune(now);
    for (const waiter of this.waiters) {
      if (!this.fitsAt(now, waiter.tokens, this.usedRequests, this.usedTokens)) break;
      this.settle(waiter);
      waiter.resolve(this.grant(now, waiter.tokens));
    }
    if (this.waiters.size > 0) this.arm(now);
  }

  /** (Re)arm the single timer for when the head waiter fits. */
  private arm(now: number): void {
    if (this.armed) this.clock.clearTimeout(this.timer);
    const head = this.waiters.values().next().value as Waiter;
    this.prune(now);
    const delay = this.fitTime(now, head.tokens) - now;
    // Whole milliseconds (at least one) guarantee progress; a wake that comes
    // too early (float noise) simply re-arms.
    const ms = Math.max(delay <= 0 ? 0 : 1, Math.ceil(delay - TIMER_SLACK_MS));
    this.timer = this.clock.setTimeout(() => this.wake(), Math.min(MAX_TIMER_MS, ms));
    this.armed = true;
  }

  private abandon(waiter: Waiter): void {
    if (!this.waiters.has(waiter)) return;
    this.settle(waiter);
    waiter.reject(abortError(waiter.signal!));
    if (this.waiters.size === 0) {
      if (this.armed) this.clock.clearTimeout(this.timer);
      this.armed = false;
    } else {
      // The next waiter may be smaller than the one that left and fit sooner.
      this.arm(this.clock.now());
    }
  }

  private settle(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (waiter.onAbort) waiter.signal!.removeEventListener('abort', waiter.onAbort);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
