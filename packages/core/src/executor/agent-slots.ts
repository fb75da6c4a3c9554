import type { Clock } from '../util/clock.js';

/** A counting semaphore with FIFO waiters (`Semaphore`, or the resizable one of adaptive concurrency). */
export interface SlotSemaphore {
  /** Take a slot: at once (`undefined`) when one is free, else a promise that resolves once it is held. */
  acquire(): Promise<void> | undefined;
  /** Give a slot back. */
  release(): void;
}

/**
 * The concurrency slots of one run (`maxConcurrent`), counting agents that
 * really run. A slot is freed when both its item is done with it (the
 * result is out, or the item moves on to a retry) and its agent settled. An
 * agent cut by a timeout or a stop that ignores its aborted signal keeps its
 * slot until it settles, or until the grace period passes: then the slot is
 * freed and the agent counted as leaked.
 */
export class AgentSlots {
  private readonly graces = new Set<Slot>();
  private running = 0;
  /** Most agents running at once. */
  peak = 0;
  /** Agents released by the grace period (or by the run's end) while still running. */
  leaked = 0;

  /**
   * @param semaphore the slots themselves: `maxConcurrent` of them, or a
   *   limit that adaptive concurrency resizes
   * @param graceMs how long an abandoned agent keeps its slot
   * @param onLeak told of each agent released while still running
   */
  constructor(
    private readonly semaphore: SlotSemaphore,
    private readonly clock: Clock,
    private readonly graceMs: number,
    private readonly onLeak: (count: number, atRunEnd: boolean) => void,
  ) {}

  /** Wait for a free slot; then take it with {@link hold}. */
  acquire(): Promise<void> | undefined {
    return this.semaphore.acquire();
  }

  /** The slot just granted by {@link acquire}. */
  hold(): Slot {
    return new Slot(this);
  }

  /** The run ended: agents still within their grace are released and counted as leaked. */
  close(): void {
    if (this.graces.size === 0) return;
    const count = this.graces.size;
    for (const slot of [...this.graces]) slot.expire();
    this.leak(count, true);
  }

  /** @internal */
  started(): void {
    this.running++;
    if (this.running > this.peak) this.peak = this.running;
  }

  /** @internal */
  stopped(): void {
    this.running--;
  }

  /** @internal */
  free(): void {
    this.semaphore.release();
  }

  /** @internal */
  graceFor(slot: Slot, on: boolean): unknown {
    if (!on) {
      this.graces.delete(slot);
      return undefined;
    }
    this.graces.add(slot);
    return this.clock.setTimeout(() => {
      if (!this.graces.has(slot)) return;
      slot.expire();
      this.leak(1, false);
    }, this.graceMs);
  }

  private leak(count: number, atRunEnd: boolean): void {
    this.leaked += count;
    this.onLeak(count, atRunEnd);
  }

  /** @internal */
  clearGrace(slot: Slot, timer: unknown): void {
    this.graces.delete(slot);
    if (timer !== undefined) this.clock.clearTimeout(timer);
  }
}

/** One held concurrency slot, from the moment it is granted until it is freed. */
export class Slot {
  private agentRunning = false;
  private itemDone = false;
  private freed = false;
  private grace: unknown;
  private inGrace = false;

  constructor(private readonly slots: AgentSlots) {}

  /** The agent started on this slot. */
  start(): void {
    this.agentRunning = true;
    this.slots.started();
  }

  /** The agent was cut (timeout, stop) but may run on: it keeps the slot for the grace period. */
  abandon(): void {
    if (!this.agentRunning || this.inGrace) return;
    this.inGrace = true;
    this.grace = this.slots.graceFor(this, true);
  }

  /** The agent really settled. */
  settled(): void {
    if (!this.agentRunning) return;
    if (this.inGrace) {
      this.inGrace = false;
      this.slots.clearGrace(this, this.grace);
    }
    this.end();
  }

  /** The item is done with the slot (its result is out, or it moves on to a retry). */
  done(): void {
    this.itemDone = true;
    this.maybeFree();
  }

  /** The grace period passed (or the run ended) with the agent still running. */
  expire(): void {
    if (!this.inGrace) return;
    this.inGrace = false;
    this.slots.clearGrace(this, this.grace);
    this.end();
  }

  private end(): void {
    this.agentRunning = false;
    this.slots.stopped();
    this.maybeFree();
  }

  private maybeFree(): void {
    if (this.freed || !this.itemDone || this.agentRunning) return;
    this.freed = true;
    this.slots.free();
  }
}

/** The `agent_ignores_signal` warning: `count` agents released while still running, at the run's end or after the grace period. */
export function leakMessage(agentName: string, count: number, atRunEnd: boolean, graceMs: number): string {
  return atRunEnd
    ? `${count} agent${count === 1 ? '' : 's'} still ran after their signal was aborted when the run ended; they were released and may still spend. Pass ctx.signal to every call the agent makes`
    : `an agent of "${agentName}" ignored its aborted signal for ${graceMs} ms (timeoutGraceMs); its concurrency slot was released while it still runs. Pass ctx.signal to every call the agent makes`;
}
