import { Fifo } from '../util/fifo.js';

/**
 * A counting semaphore with FIFO waiters whose size can change while it is
 * in use. Growing hands the new slots to waiters at once; shrinking takes
 * effect as holders release (nobody is pre-empted), so at most `size` slots
 * are held once the excess holders are done.
 */
export class ResizableSemaphore {
  private held = 0;
  private readonly waiters = new Fifo<() => void>();

  constructor(private size: number) {}

  /** The current size. */
  get limit(): number {
    return this.size;
  }

  /** Take a slot: at once (`undefined`) when one is free, else a promise that resolves once it is held. */
  acquire(): Promise<void> | undefined {
    if (this.held < this.size && this.waiters.length === 0) {
      this.held++;
      return undefined;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Give a slot back; the oldest waiter gets it if the size allows. */
  release(): void {
    this.held--;
    this.drain();
  }

  /** Change the size (an integer >= 1). */
  resize(size: number): void {
    this.size = size;
    this.drain();
  }

  private drain(): void {
    while (this.held < this.size && this.waiters.length > 0) {
      this.held++;
      this.waiters.shift()!();
    }
  }
}
