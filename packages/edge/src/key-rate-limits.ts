import { tokenBucket, type Clock, type RateLimiter } from '@flotilla/core';
import type { KeyRateLimit } from './policy.js';

/** The verdict on one request: go, or wait `retryAfterSeconds`. */
export type RateVerdict =
  | {
      /** The request may proceed (a token was taken). */
      ok: true;
    }
  | {
      /** The key is over its rate; refuse the request. */
      ok: false;
      /** When to retry, in whole seconds (at least 1); sent as `Retry-After`. */
      retryAfterSeconds: number;
    };

/**
 * One core `tokenBucket` per API key id, in memory: the limit holds per
 * isolate (a Worker may run several isolates, each with its own buckets), which
 * bounds abuse cheaply; the shared spend cap is the Durable Object budget's
 * job. Requests over the limit are refused at once (HTTP 429), never queued.
 */
export class KeyRateLimits {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(
    private readonly limit: KeyRateLimit,
    private readonly clock?: Clock,
  ) {
    // Build one bucket now so a bad rate fails when the app is created, not on the first request.
    this.bucket('');
    this.buckets.clear();
  }

  /** Take one request from `keyId`'s bucket if it has a token. */
  async take(keyId: string): Promise<RateVerdict> {
    const probe = new AbortController();
    const granted = this.bucket(keyId).acquire(probe.signal).then(
      () => true,
      () => false,
    );
    // A token bucket grants synchronously when it has a token; aborting right
    // away withdraws a queued request, so nothing waits and no token is spent.
    probe.abort();
    if (await granted) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(1 / this.limit.requestsPerSecond)) };
  }

  private bucket(keyId: string): RateLimiter {
    let bucket = this.buckets.get(keyId);
    if (!bucket) {
      bucket = tokenBucket({ requestsPerSecond: this.limit.requestsPerSecond, burst: this.limit.burst, clock: this.clock });
      this.buckets.set(keyId, bucket);
    }
    return bucket;
  }
}
