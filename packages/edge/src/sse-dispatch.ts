import { dispatchStream, type AgentResult } from '@flotilla/core';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from './app-env.js';
import { roundUsd } from './json-numbers.js';
import { SETTLE_TIMEOUT_MS, type PreparedDispatch } from './prepared-dispatch.js';
import { problemFromError } from './problem-from-error.js';
import { publicResult } from './result-view.js';
import { runSummary } from './run-summary.js';

/**
 * Answer a dispatch with Server-Sent Events:
 *
 * - `event: result`, one per input as it completes (completion order; use
 *   `index`), `id` counting 1, 2, 3...;
 * - then `event: summary` with the run's `RunSummary` (`stats`, `stopReason`,
 *   `outcome`, `minSuccessMet`), the aggregate `value` when one was asked
 *   for, `limits` and `clamped`;
 * - or, if the run fails after the headers went out, `event: error` with a
 *   problem body (no internals).
 *
 * The request was validated and preflighted before (see `prepareDispatch`),
 * so a bad request never gets here: it got a 4xx problem instead.
 *
 * A client that disconnects aborts the run: running agents see their signal
 * abort and no new agent starts.
 */
export function streamDispatch(
  c: Context<AppEnv>,
  prepared: PreparedDispatch,
  onEnd: () => void,
): Response {
  const log = c.get('log');
  // The stream outlives the middleware chain, so it writes its own log line.
  log.deferred = true;
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, c.req.raw.signal]);
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => controller.abort());
    const results: AgentResult[] = [];
    let sent = 0;
    try {
      const run = dispatchStream({ ...prepared.options, signal });
      let step = await run.next();
      while (!step.done) {
        results[step.value.index] = step.value;
        await stream.writeSSE({ event: 'result', id: String(++sent), data: JSON.stringify(publicResult(step.value)) });
        step = await run.next();
      }
      const { stats, stopReason } = step.value;
      await prepared.ledger?.settled(SETTLE_TIMEOUT_MS);
      log.stopReason = stopReason;
      log.costUsd = roundUsd(stats.costUsd);
      const summary = {
        ...runSummary(stats, stopReason, prepared.limits?.minSuccessCount),
        ...(prepared.aggregate ? { value: prepared.aggregate.toJson(prepared.options.aggregate!.finish(results)) } : {}),
        limits: prepared.limits,
        clamped: prepared.clamped,
      };
      await stream.writeSSE({ event: 'summary', id: String(++sent), data: JSON.stringify(summary) });
    } catch (error) {
      const problem = problemFromError(error);
      log.code = problem.code;
      await stream.writeSSE({ event: 'error', id: String(++sent), data: JSON.stringify(problem) });
    } finally {
      controller.abort();
      onEnd();
    }
  });
}
