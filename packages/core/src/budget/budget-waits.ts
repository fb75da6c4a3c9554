/** One agent whose reservation is still held, as tracked by {@link BudgetWaits}. */
export interface Hold {
  /** The agent was cut (timeout or stop): it may never settle, so no one should wait on it. */
  abandon(): void;
  /** The agent settled and its unspent money is back in the budget. */
  release(): void;
}

/**
 * Lets a refused reservation wait for money that agents still hold, instead
 * of failing while the budget is only lent out. A wait is granted only while
 * some other agent can still give money back: one that runs and is not itself
 * waiting. So agents never wait on each other, and nobody waits on an agent
 * that was cut and may never settle.
 */
export class BudgetWaits {
  private held = 0;
  private abandoned = 0;
  private waitingHolders = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly stopped: AbortSignal) {
    // One listener for all waiters: a stop wakes them, and they give up.
    stopped.addEventListener('abort', () => this.wakeAll(), { once: true });
  }

  /** An agent started holding a reservation. */
  hold(): Hold {
    this.held++;
    return new AgentHold(this);
  }

  /** @internal An agent's hold was cut: nobody should wait on it. */
  abandoned_(): void {
    this.abandoned++;
    this.wakeAll();
  }

  /** @internal An agent's hold ended; `wasAbandoned` when it had been cut first. */
  released_(wasAbandoned: boolean): void {
    this.held--;
    if (wasAbandoned) this.abandoned--;
    this.wakeAll();
  }

  /**
   * Wait until another agent settles or is cut; `false` at once when no other
   * agent could give money back, or when the run stopped. `holding` says
   * whether the caller is itself a running agent (in `ctx.reserve`).
   */
  async wait(holding: boolean): Promise<boolean> {
    const others = this.held - this.abandoned - this.waitingHolders - (holding ? 1 : 0);
    if (others <= 0 || this.stopped.aborted) return false;
    if (holding) this.waitingHolders++;
    try {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } finally {
      if (holding) this.waitingHolders--;
    }
    return !this.stopped.aborted;
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** One agent's {@link Hold}: an object, not two closures, since every agent start makes one. */
class AgentHold implements Hold {
  private abandoned = false;
  private released = false;

  constructor(private readonly waits: BudgetWaits) {}

  abandon(): void {
    if (this.abandoned || this.released) return;
    this.abandoned = true;
    this.waits.abandoned_();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.waits.released_(this.abandoned);
  }
}
