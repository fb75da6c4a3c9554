/**
 * Counting semaphore with FIFO waiters. A released slot goes straight to the
 * next waiter (no polling), which is what keeps makespan at ceil(N/k) x latency.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(size: number) {
    this.available = size;
  }

  /** Resolves once a slot is held. */
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
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
