import { describeValue } from '../util/describe-value.js';
import { InvalidOptionsError } from '../errors.js';

/**
 * Pull-based access to `dispatch` inputs: arrays and iterables are walked
 * synchronously, async iterables are awaited one item at a time, so a source
 * is never read further than the scheduler asks.
 */
export interface InputSource<I> {
  /** The next input, or `done` when the source is exhausted. */
  next(): Promise<IteratorResult<I>> | IteratorResult<I>;
  /** Close the source early (runs the generator's `finally`). */
  close(): Promise<void>;
}

/** Whether `inputs` can be read by {@link inputSource}: an object that is iterable or async iterable. */
export function isInputs(inputs: unknown): inputs is Iterable<unknown> | AsyncIterable<unknown> {
  if (inputs === null || typeof inputs !== 'object') return false;
  return typeof (inputs as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function' || typeof (inputs as Record<symbol, unknown>)[Symbol.iterator] === 'function';
}

/**
 * Wrap `inputs` as an {@link InputSource}.
 *
 * @throws InvalidOptionsError when `inputs` is not an iterable object (a
 * string is refused: iterating it would dispatch one agent per character).
 */
export function inputSource<I>(inputs: Iterable<I> | AsyncIterable<I>): InputSource<I> {
  if (!isInputs(inputs)) {
    throw new InvalidOptionsError(`inputs must be an array, an iterable or an async iterable, got ${describeValue(inputs)}`);
  }
  if (Symbol.asyncIterator in inputs) {
    const iterator = inputs[Symbol.asyncIterator]();
    return { next: () => iterator.next(), close: async () => void (await iterator.return?.()) };
  }
  if (Symbol.iterator in inputs) {
    const iterator = inputs[Symbol.iterator]();
    return { next: () => iterator.next(), close: async () => void iterator.return?.() };
  }
  throw new InvalidOptionsError(`inputs must be an array, an iterable or an async iterable, got ${describeValue(inputs)}`);
}

/** The number of inputs when it is known without reading them (arrays, Sets, Maps). */
export function knownInputCount(inputs: unknown): number | undefined {
  if (Array.isArray(inputs)) return inputs.length;
  if (inputs instanceof Set || inputs instanceof Map) return inputs.size;
  return undefined;
}
