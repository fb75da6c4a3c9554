import type { ResultError } from '../errors.js';
import type { AgentResult, ResultMeta } from '../types.js';

/** What a result is built from: an item on its way, or just its index and input. */
export interface ResultSource<I> {
  index: number;
  input: I;
  costUsd?: number;
  durationMs?: number;
  attempts?: number;
  meta?: ResultMeta | undefined;
  /** What the agent attached with `ctx.annotate` on its last attempt. */
  notes?: Partial<ResultMeta> | undefined;
  /** The value came from the `fallback` agent. */
  fallback?: boolean;
}

/** The result of an item, built in one fixed shape (this runs once per input). */
function makeResult<I, O>(item: ResultSource<I>, ok: boolean, valueOrError: O | ResultError, cached: boolean): AgentResult<I, O> {
  const result = {
    index: item.index,
    input: item.input,
    ok,
    costUsd: item.costUsd ?? 0,
    durationMs: item.durationMs ?? 0,
    cached,
    attempts: item.attempts ?? 0,
  } as AgentResult<I, O>;
  if (ok) (result as { value: O }).value = valueOrError as O;
  else (result as { error: ResultError }).error = valueOrError as ResultError;
  const base = item.notes ? { ...item.meta, ...item.notes } : item.meta;
  const meta = item.fallback ? { ...base, fallback: true } : base;
  if (meta) result.meta = meta;
  return result;
}

/** A successful result: the agent answered `value`. */
export function okResult<I, O>(item: ResultSource<I>, value: O): AgentResult<I, O> {
  return makeResult<I, O>(item, true, value, false);
}

/** A failed result, carrying what the item spent and how often it ran. */
export function failedResult<I, O>(item: ResultSource<I>, error: ResultError): AgentResult<I, O> {
  return makeResult<I, O>(item, false, error, false);
}

/** A result served from the cache: no agent ran. */
export function cachedResult<I, O>(item: ResultSource<I>, value: O): AgentResult<I, O> {
  return makeResult(item, true, value, true);
}
