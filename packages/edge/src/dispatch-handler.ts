import { dispatch, type AgentResult } from '@flotilla/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import type { DispatchDeps } from './dispatch-deps.js';
import { roundUsd } from './json-numbers.js';
import { prepareDispatch } from './prepare-dispatch.js';
import { SETTLE_TIMEOUT_MS, type PreparedDispatch } from './prepared-dispatch.js';
import { problemFromError } from './problem-from-error.js';
import { problemResponse } from './problem.js';
import type { DispatchRequest } from './request-schema.js';
import { publicResult } from './result-view.js';
import { runSummary } from './run-summary.js';
import { streamDispatch } from './sse-dispatch.js';

/**
 * Serve one validated `POST /v1/dispatch`: resolve the agent, refuse what the
 * policy forbids, clamp and check the limits and the template (all before any
 * stream opens), then answer JSON or Server-Sent Events. A client disconnect
 * aborts the run either way.
 */
export async function handleDispatch(c: Context<AppEnv>, request: DispatchRequest, deps: DispatchDeps): Promise<Response> {
  const log = c.get('log');
  log.inputs = request.inputs.length;
  const agent = deps.agents.get(request.agent);
  if (!agent) {
    const names = [...deps.agents.keys()].join(', ');
    return problemResponse('unknown_agent', `no agent named '${request.agent.slice(0, 64)}' on this server; GET /v1/agents lists them (${names})`);
  }
  log.agent = request.agent;
  if (request.inputs.length > deps.policy.maxInputs) {
    return problemResponse('too_many_inputs', `this server accepts at most ${deps.policy.maxInputs} inputs per request, got ${request.inputs.length}; split them over several requests`);
  }
  let prepared: PreparedDispatch;
  try {
    prepared = prepareDispatch(request, agent, c.get('keyId'), deps);
  } catch (error) {
    return clientProblem(error);
  }
  if (request.stream) {
    log.stream = true;
    return streamDispatch(c, prepared, () => deps.logStream(c));
  }
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, c.req.raw.signal]);
  try {
    const run = await dispatch({ ...prepared.options, signal });
    await prepared.ledger?.settled(SETTLE_TIMEOUT_MS);
    log.stopReason = run.stopReason;
    log.costUsd = roundUsd(run.stats.costUsd);
    const { stats, stopReason, outcome, minSuccessMet } = runSummary(run.stats, run.stopReason, prepared.limits?.minSuccessCount);
    return c.json({
      results: run.results.map((result) => publicResult(result as AgentResult)),
      ...(prepared.aggregate ? { value: prepared.aggregate.toJson(run.value) } : {}),
      stats,
      stopReason,
      outcome,
      minSuccessMet,
      limits: prepared.limits,
      clamped: prepared.clamped,
    });
  } catch (error) {
    return clientProblem(error);
  } finally {
    controller.abort();
  }
}

/** The problem response for an error a request caused; anything else is rethrown to `onError` (a bare 500). */
function clientProblem(error: unknown): Response {
  const problem = problemFromError(error);
  if (problem.code === 'internal') throw error;
  return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json' } });
}
