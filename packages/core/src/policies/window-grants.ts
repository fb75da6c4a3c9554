/** One granted request, kept while it is inside the window. */
export interface Grant {
  at: number;
  tokens: number;
  /** 1, or 0 for a grant that moved to a later time when its request was sent. */
  requests: number;
  /** Still inside the window (not pruned yet). */
  live: boolean;
}

/**
 * The grants of a sliding window, oldest first, and what they use: a grant
 * made at `at` counts until `at + holdMs`. Grants are only ever added at the
 * latest time, so expiries come in order and pruning is a walk from the head.
 */
export class GrantWindow {
  usedRequests = 0;
  usedTokens = 0;
  // Grants inside the window from `head` on; compacted as it drains.
  private grants: Grant[] = [];
  private head = 0;

  constructor(readonly holdMs: number) {}

  /** Add a grant at `at` (never earlier than the last one). */
  push(at: number, tokens: number): Grant {
    const grant: Grant = { at, tokens, requests: 1, live: true };
    this.grants.push(grant);
    this.usedRequests += 1;
    this.usedTokens += tokens;
    return grant;
  }

  /** Take a live grant's request and tokens off the window; what stays behind is an empty marker, so order is kept. */
  vacate(grant: Grant): void {
    if (!grant.live) return;
    this.usedRequests -= grant.requests;
    this.usedTokens -= grant.tokens;
    grant.requests = 0;
    grant.tokens = 0;
  }

  /** Charge a live grant `tokens` instead of what it was charged. */
  recharge(grant: Grant, tokens: number): void {
    if (!grant.live) return;
    this.usedTokens += tokens - grant.tokens;
    grant.tokens = tokens;
  }

  /** Drop grants that no longer count at `now`. */
  prune(now: number): void {
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

  /**
   * The earliest time `t >= from` at which `fits(t, requests, tokens)` holds
   * for the usage left at `t`: scan the grants' expiries in order, and the
   * other moments `nextChange(t)` names (the next time after `t` something
   * else changes, `Infinity` for none). Returns `from` or the last moment
   * tried when nothing is left to wait for.
   */
  earliest(from: number, fits: (t: number, requests: number, tokens: number) => boolean, nextChange: (t: number) => number): number {
    let t = from;
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
      if (fits(t, requests, used)) return t;
      let next = nextChange(t);
      if (i < grants.length) next = Math.min(next, grants[i]!.at + this.holdMs);
      if (next === Infinity) return t;
      t = next;
    }
  }
}
