import { Fifo } from '../util/fifo.js';
import { runDispatch } from './dispatch.js';
import { Scheduler, type RunOutcome } from './scheduler.js';
import type { AgentResult, DispatchOptions } from '../types.js';

/**
 * Like `dispatch`, but yields each result as it completes (not in input
 * order; use `result.index`). A slow consumer slows the run down instead of
 * buffering without bound, and breaking out of the loop aborts the run.
 *
 * @example
 * for await (const result of dispatchStream({ agent, inputs: readLines(file) })) {
 *   write(JSON.stringify(result));
 * }
 */
export async function* dispatchStream<I, O>(options: DispatchOptions<I, O, unknown>): AsyncGenerator<AgentResult<I, O>, RunOutcome, undefined> {
  const highWaterMark = Math.max(16, 2 * (options.limits?.maxConcurrent ?? 10));
  const buffer = new Fifo<AgentResult<I, O>>();
  let wake: (() => void) | undefined;
  let drained: (() => void) | undefined;
  const abort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;

  let closed = false;
  let outcome: RunOutcome | undefined;
  let failure: { error: unknown } | undefined;
  const run = new Scheduler<I, O>({ ...options, signal }, {
    push(result) {
      buffer.push(result);
      wake?.();
    },
    ready: () => (buffer.length < highWaterMark ? undefined : new Promise<void>((resolve) => (drained = resolve))),
    closed: () => closed,
  }, runDispatch).run().then(
    (done) => void (outcome = done),
    (error: unknown) => void (failure = { error }),
  ).finally(() => wake?.());

  try {
    for (;;) {
      const result = buffer.shift();
      if (result) {
        if (buffer.length < highWaterMark) {
          drained?.();
          drained = undefined;
        }
        yield result;
        continue;
      }
      if (failure) throw failure.error;
      if (outcome) return outcome;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    if (!outcome && !failure) {
      // The consumer left early: stop the run and let it settle.
      closed = true;
      abort.abort();
      drained?.();
      await run;
    }
  }
}
