import { cappedLedger, compileTemplate, InvalidOptionsError, scopedCache, type Agent, type DispatchOptions } from '@flotilla/core';
import { checkPreflight, DispatchGuards, resolveLimits } from '@flotilla/core/internal';
import { resolveAggregate } from './aggregate-spec.js';
import { clampLimits } from './clamp-limits.js';
import type { DispatchDeps } from './dispatch-deps.js';
import type { PreparedDispatch } from './prepared-dispatch.js';
import type { DispatchRequest } from './request-schema.js';

/**
 * Turn a validated request into a dispatch ready to run, checking up front
 * everything core would refuse once the run starts, with core's own checks
 * (so the rules live once): the client's limits (`resolveLimits`), the limits
 * after clamping against the input count (`checkPreflight`), the template's
 * syntax (`compileTemplate`) and the server's injection guard on it
 * (`DispatchGuards.checkTemplate`). A streamed request is thus refused with a
 * 4xx problem before its stream opens, exactly like an unstreamed one.
 *
 * @throws InvalidOptionsError (`invalid_options`) for a limit out of range, naming `limits.<name>`.
 * @throws PreflightError (`preflight`) when `preflight: true` and the inputs cannot fit.
 * @throws InvalidTemplateError (`invalid_template`) or InjectionDetectedError (`injection_detected`) for the template.
 */
export function prepareDispatch(request: DispatchRequest, agent: Agent, keyId: string, deps: DispatchDeps): PreparedDispatch {
  const requested = request.limits ?? {};
  try {
    resolveLimits(requested);
  } catch (error) {
    if (InvalidOptionsError.isInstance(error)) throw new InvalidOptionsError(`limits.${error.message}`);
    throw error;
  }
  const { limits, clamped } = clampLimits(requested, deps.policy);
  checkPreflight(resolveLimits(limits), request.inputs.length);
  if (request.template !== undefined) {
    compileTemplate(request.template);
    new DispatchGuards(deps.policy.guards).checkTemplate(request.template);
  }
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
  const ledger = deps.ledger ? cappedLedger(deps.ledger(keyId), limits.maxTotalCostUsd) : undefined;
  if (ledger) options.ledger = ledger;
  return { options, aggregate, limits, clamped, ledger };
}
