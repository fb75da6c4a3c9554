import { redact, type AgentResult, type ResultError, type ResultMeta } from '@flotilla/core';
import { roundMs, roundUsd } from './json-numbers.js';

/**
 * A result as the API sends it: a core `AgentResult` without `input` (the
 * client knows its inputs by `index`, and echoing them would repeat any
 * personal data they hold), with error messages and injection matches redacted.
 */
export interface PublicResult {
  /** Position of the input in the request's `inputs` (0-based). */
  index: number;
  /** `true` when `value` holds the agent's answer. */
  ok: boolean;
  /** The agent's answer (outputs are redacted by the server's guards). */
  value?: unknown;
  /** Why the item failed, with a stable `code`. */
  error?: ResultError;
  /** USD this item spent (0 for a cache hit), rounded to 6 decimals. */
  costUsd: number;
  /** Milliseconds the agent ran, rounded to 0.1. */
  durationMs: number;
  /** `true` when served from the cache. */
  cached: boolean;
  /** Agent calls for this item. */
  attempts: number;
  /** What the guards noted (injection matches, redactions). */
  meta?: ResultMeta;
}

/** The public form of one result; see {@link PublicResult}. */
export function publicResult(result: AgentResult): PublicResult {
  const view: PublicResult = {
    index: result.index,
    ok: result.ok,
    costUsd: roundUsd(result.costUsd),
    durationMs: roundMs(result.durationMs),
    cached: result.cached,
    attempts: result.attempts,
  };
  if (result.ok) view.value = result.value;
  if (result.error) view.error = { code: result.error.code, message: redact(result.error.message).text };
  if (result.meta) view.meta = publicMeta(result.meta);
  return view;
}

function publicMeta(meta: ResultMeta): ResultMeta {
  if (!meta.injection) return meta;
  return { ...meta, injection: meta.injection.map((match) => ({ ...match, match: redact(match.match).text })) };
}
