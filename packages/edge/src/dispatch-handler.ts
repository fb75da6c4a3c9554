import {
  compileTemplate,
  detectInjection,
  dispatch,
  InjectionDetectedError,
  type Agent,
  type AgentResult,
  type Cache,
  type DispatchOptions,
  type Ledger,
} from '@flotilla/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import { resolveAggregate, type ResolvedAggregate } from './aggregate-spec.js';
import { clampLimits, type ClampNote } from './clamp-limits.js';
import type { DispatchPolicy } from './policy.js';
import { problemFromError } from './problem-from-error.js';
import { problemResponse } from './problem.js';
import type { DispatchRequest } from './request-schema.js';
import { publicResult } from './result-view.js';
import { runLedger, type RunLedger } from './run-ledger.js';
import { scopedCache } from './scoped-cache.js';
import { streamDispatch } from './sse-dispatch.js';

/** What the dispatch route needs from the app. */
export interface DispatchDeps {
  policy: DispatchPolicy;
  agents: ReadonlyMap<string, Agent>;
  cache: Cache | false;
  ledger: ((keyId: string) => Ledger) | undefined;
  /** Writes the request's log line once a stream ends. */
  logStream: (c: Context<AppEnv>) => void;
}

/** A dispatch ready to run: core options plus what the response reports. */
export interface PreparedDispatch {
  options: DispatchOptions<unknown, unknown, unknown>;
  aggregate: ResolvedAggregate | undefined;
  limits: DispatchOptions['limits'];
  clamped: ClampNote[];
  /** The run's ledger over the key's shared budget, when the app has one. */
  ledger: RunLedger | undefined;
}

/**
 * How long a response waits for the run's last settlements to reach the
 * shared budget, in milliseconds. A Worker may drop background work once it
 * has answered, and an unsettled reservation would hold the key's money until
 * its lease lapses.
 */
export const SETTLE_TIMEOUT_MS = 5_000;

/**
 * Serve one validated `POST /v1/dispatch`: resolve the agent, refuse what the
 * policy forbids, clamp the limits, then answer JSON or Server-Sent Events.
 * A client disconnect aborts the run either way.
 */
export async function handleDispatch(
  c: Context<AppEnv>,
  request: DispatchRequest,
  deps: DispatchDeps,
): Promise<Response> {
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
  const refusal = screenTemplate(request.template, deps.policy);
  if (refusal) return refusal;

  const prepared = prepare(request, agent, c.get('keyId'), deps);
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
    log.costUsd = run.stats.costUsd;
    return c.json({
      results: run.results.map((result) => publicResult(result as AgentResult)),
      ...(prepared.aggregate ? { value: prepared.aggregate.toJson(run.value) } : {}),
      stats: run.stats,
      stopReason: run.stopReason,
      minSuccessMet: run.minSuccessMet,
      limits: prepared.limits,
      clamped: prepared.clamped,
    });
  } catch (error) {
    const problem = problemFromError(error);
    if (problem.code === 'internal') throw error;
    return new Response(JSON.stringify(problem), { status: problem.status, headers: { 'content-type': 'application/problem+json' } });
  } finally {
    controller.abort();
  }
}

/** Refuse a malformed template, or one the injection guard would reject, before anything runs. */
function screenTemplate(template: string | undefined, policy: DispatchPolicy): Response | undefined {
  if (template === undefined) return undefined;
  try {
    compileTemplate(template);
  } catch (error) {
    const problem = problemFromError(error);
    if (problem.code !== 'internal') return problemResponse(problem.code, problem.detail);
    throw error;
  }
  if ((policy.guards.injection ?? 'reject') !== 'reject') return undefined;
  const report = detectInjection(template);
  if (!report.detected) return undefined;
  const rules = [...new Set(report.matches.map((match) => match.rule))].join(', ');
  const error = new InjectionDetectedError(`the template looks like a prompt injection (${rules}); nothing ran. Rewrite the template without instructions that override the agent's`);
  return problemResponse('injection_detected', error.message);
}

function prepare(request: DispatchRequest, agent: Agent, keyId: string, deps: DispatchDeps): PreparedDispatch {
  const { limits, clamped } = clampLimits(request.limits ?? {}, deps.policy);
  const aggregate = request.aggregate ? resolveAggregate(request.aggregate) : undefined;
  const cache = deps.cache && deps.policy.cacheScope === 'key' ? scopedCache(deps.cache, keyId) : deps.cache;
  const options: DispatchOptions<unknown, unknown, unknown> = {
    agent,
    inputs: request.inputs,
    limits,
    cache,
    guards: deps.policy.guards,
  };
  if (request.template !== undefined) options.template = request.template;
  if (aggregate) options.aggregate = aggregate.aggregator;
  const ledger = deps.ledger ? runLedger(deps.ledger(keyId), limits.maxTotalCostUsd) : undefined;
  if (ledger) options.ledger = ledger;
  return { options, aggregate, limits, clamped, ledger };
}
