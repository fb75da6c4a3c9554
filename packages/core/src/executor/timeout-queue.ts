import type { Clock } from '../util/clock.js';

interface Entry {
  at: number;
  /** Dropped once the entry is settled: it holds the agent's whole context. */
  fire: (() => void) | undefined;
  done: boolean;
}

/**
 * The per-agent timeouts of one run on a single timer. Every agent of a run
 * has the same `agentTimeoutMs`, so deadlines come due in start order: a FIFO
 * queue and one timer armed for its head replace a timer per agent.
 */
export class TimeoutQueue {
  // Slots before `head` are cleared, so settled agents are not kept alive by the queue.
  private entries: (Entry | undefined)[] = [];
  private head = 0;
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Call `fire` after the run's timeout unless the returned cancel function runs first. */
  add(fire: () => void): () => void {
    const entry: Entry = { at: this.clock.now() + this.timeoutMs, fire, done: false };
    this.entries.push(entry);
    if (this.timer === undefined) this.arm(entry.at);
    return () => {
      entry.done = true;
      entry.fire = undefined;
      // Agents mostly end in start order: drop settled entries at the head at once.
      while (this.entries[this.head]?.done) this.entries[this.head++] = undefined;
      this.compact();
    };
  }

  /** Clear the timer; call when the run ends so nothing is left behind. */
  close(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.entries = [];
    this.head = 0;
  }

  private arm(at: number): void {
    this.timer = this.clock.setTimeout(() => this.due(), Math.max(0, at - this.clock.now()));
  }

  private due(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head]!;
      if (!entry.done && entry.at > now) break;
      this.entries[this.head++] = undefined;
      if (!entry.done) {
        const fire = entry.fire!;
        entry.done = true;
        entry.fire = undefined;
        fire();
      }
    }
    this.compact();
    const next = this.entries[this.head];
    if (next) this.arm(next.at);
  }

  // Settled entries before the head are dropped now and then, so a long run
  // keeps only the agents still running.
  private compact(): void {
    if (this.head >= this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
