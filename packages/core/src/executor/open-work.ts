/**
 * What keeps a run open: items in progress, and work that goes on after an
 * item's result went out (a cache write, a ledger settlement). On Workers,
 * work left running after the response may be cut off, so a run ends only
 * once all of it is done.
 */
export class OpenWork {
  private open = 0;
  private idle: (() => void) | undefined;

  /** One more piece of open work; end it with {@link done}. */
  begin(): void {
    this.open++;
  }

  done(): void {
    if (--this.open === 0) this.idle?.();
  }

  /** Keep the run open until `work` settles; a failure goes to `onError`. */
  keep(work: Promise<void>, onError: (error: unknown) => void): void {
    this.open++;
    work.catch(onError).finally(() => this.done());
  }

  /** Resolves once no work is open. */
  drained(): Promise<void> {
    return this.open === 0 ? Promise.resolve() : new Promise((resolve) => (this.idle = resolve));
  }
}
