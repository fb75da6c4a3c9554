import { Fifo } from './fifo.js';

/**
 * Counting semaphore with FIFO waiters. A released slot goes straight to the
 * next waiter (no polling), which is what keeps makespan at ceil(N/k) x latency.
 */
export class Semaphore {
  private available: number;
  private readonly waiters = new Fifo<() => void>();

  constructor(size: number) {
    this.available = size;
  }

  /** Take a slot: at once (`undefined`) when one is free, else a promise that resolves once it is held. */
  acquire(): Promise<void> | undefined {
    if (this.available > 0) {
      this.available--;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Give a slot back, handing it to the oldest waiter if any. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.available++;
  }
}
