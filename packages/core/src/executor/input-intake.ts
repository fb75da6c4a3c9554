import type { InputSource } from './input-source.js';
import { newItem, type Item } from './item.js';
import type { ResultSink } from './run-parts.js';
import type { StopSignal } from './stop.js';
import type { ResultSource } from './results.js';
import { Semaphore } from '../util/semaphore.js';

/** What the intake hands its items to. */
export interface IntakeHost<I> {
  readonly stop: StopSignal;
  /** Process one item; it calls {@link InputIntake.done} once its result is out. */
  track(item: Item<I>): void;
  /** Deliver the result of an input a stop left unread by any agent. */
  skip(source: ResultSource<I>): void;
}

/**
 * The way into a run: reads the input source as admission allows (items in
 * progress bound how far a lazy source is read ahead), numbers each input
 * and hands it on as an item. After a stop, a known-length source (array,
 * Set, Map) is read to its end so every input gets its result; a lazy
 * source stops being read at once.
 */
export class InputIntake<I> {
  private readonly admission: Semaphore;
  /** Inputs in the run, once known (up front for arrays, else when the source ends). */
  expected: number | undefined;
  /** Whether the count of inputs was known before the run read them (arrays, Sets, Maps). */
  private readonly knownLength: boolean;
  /** Whether the source was read to its end. */
  exhausted = true;
  /** A `next()` of the source that a stop left unanswered: closing it must not wait for it. */
  unansweredRead = false;

  constructor(
    private readonly host: IntakeHost<I>,
    private readonly sink: ResultSink<unknown, unknown>,
    expected: number | undefined,
    maxInProgress: number,
  ) {
    this.expected = expected;
    this.knownLength = expected !== undefined;
    this.admission = new Semaphore(maxInProgress);
  }

  /** Read `source` until it ends or the run stops (then, for a known length, deliver the rest as skipped). */
  async read(source: InputSource<I>): Promise<void> {
    const { stop } = this.host;
    let index = 0;
    while (!stop.reason) {
      // Each await only when there is something to wait for: an array input costs no microtask per item here.
      const ready = this.sink.ready?.();
      if (ready) await ready;
      const admitted = this.admission.acquire();
      if (admitted) await admitted;
      let next = stop.reason ? undefined : this.next(source);
      if (next instanceof Promise) next = await next;
      if (!next || next.done) {
        if (next?.done) this.expected = index;
        this.admission.release();
        break;
      }
      this.host.track(newItem(index++, next.value));
    }
    if (stop.reason && this.expected === undefined) this.exhausted = false;
    if (stop.reason && this.knownLength) {
      for (let next = await source.next(); !next.done && !this.sink.closed?.(); next = await source.next()) {
        this.host.skip({ index: index++, input: next.value });
      }
    }
  }

  /** An item's result is out: the next input may be read. */
  done(): void {
    this.admission.release();
  }

  /** The next input (at once from a synchronous source); for a lazy source, `undefined` when a stop comes first. */
  private next(source: InputSource<I>): IteratorResult<I> | Promise<IteratorResult<I> | undefined> {
    const next = source.next();
    if (!(next instanceof Promise)) return next;
    return this.host.stop.until(next).then((read) => {
      if (read === undefined) this.unansweredRead = true;
      return read;
    });
  }
}
