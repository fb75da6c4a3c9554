import type { ResultSource } from './results.js';
import type { Slot } from './agent-slots.js';
import type { RateCall } from '../policies/rate-call.js';
import type { ResultMeta } from './agent-result.js';

/** One item on its way from input to result. */
export interface Item<I> extends ResultSource<I> {
  /** What the agent gets: the input after the guards. */
  agentInput: I;
  prompt: string | undefined;
  meta: ResultMeta | undefined;
  /** What the last attempt attached with `ctx.annotate`. */
  notes: Partial<ResultMeta> | undefined;
  /** The guards have seen the input (see the scheduler's `screen`). */
  screened: boolean;
  /** The injection check ran on the input and found nothing. */
  passed: boolean;
  attempts: number;
  costUsd: number;
  durationMs: number;
  fallback: boolean;
  /** The concurrency slot of the current attempt, while the item holds it. */
  slot: Slot | undefined;
  /** The current attempt's rate-limiter grant, when the run has a limiter. */
  rate: RateCall | undefined;
  /** The cache key this item runs under as its key's one execution, until its result is stored. */
  cacheKey: number | string | undefined;
  /** The single flight the items with the same key wait on, while they may join it. */
  flight: object | undefined;
}

/** A new item for input number `index`, in one fixed shape (this runs once per input). */
export function newItem<I>(index: number, input: I): Item<I> {
  return {
    index,
    input,
    agentInput: input,
    prompt: undefined,
    meta: undefined,
    notes: undefined,
    screened: false,
    passed: false,
    attempts: 0,
    costUsd: 0,
    durationMs: 0,
    fallback: false,
    slot: undefined,
    rate: undefined,
    cacheKey: undefined,
    flight: undefined,
  };
}

/** What one agent execution ended with. */
export type Outcome<O> =
  | { kind: 'ok'; value: O }
  | { kind: 'error'; error: unknown }
  | { kind: 'cut'; error: unknown }
  | { kind: 'refused'; error: unknown };
