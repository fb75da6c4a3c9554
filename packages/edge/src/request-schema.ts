import * as v from 'valibot';
import type { ClientLimits } from './clamp-limits.js';
import type { DispatchPolicy } from './policy.js';

// Structural bounds only: ranges of limits are core's (`resolveLimits`), checked
// after validation so the rules live once (a bad range answers 422 invalid_options).
const MAX_INPUTS = 100_000;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

const number = v.optional(v.number('must be a number'));
const flag = v.optional(v.boolean('must be true or false'));

const limitEntries = {
  maxConcurrent: number,
  maxTotalAgents: number,
  maxTotalCostUsd: number,
  costPerAgentUsd: number,
  maxFailureRate: number,
  failureRateMinSamples: number,
  maxTotalDurationMs: number,
  agentTimeoutMs: number,
  timeoutGraceMs: number,
  minSuccessCount: number,
  preflight: flag,
  requestsPerSecond: number,
  burst: number,
} satisfies Record<keyof ClientLimits, unknown>;

const unknownField = (where: string) => `is not a field of ${where}; check the spelling`;

/**
 * The `limits` a client may send: the names of core `Limits` minus `maxDepth`
 * (agents are the server's), each a number (or `preflight` a boolean). Their
 * ranges are checked by core's `resolveLimits`, not here.
 */
export const clientLimitsSchema = v.strictObject(limitEntries, unknownField('limits (known: ' + Object.keys(limitEntries).join(', ') + ')'));

const fieldName = v.pipe(
  v.string('must be a string'),
  v.regex(FIELD_NAME, 'must be a field name: a letter or _ followed by up to 63 letters, digits or _'),
  v.check((name) => !FORBIDDEN_FIELDS.has(name), 'names a reserved property'),
);

/** The `aggregate` a client may ask for; see `AggregateSpec`. */
export const aggregateSchema = v.variant(
  'type',
  [
    v.strictObject({ type: v.literal('collectAll') }, unknownField('this aggregate')),
    v.strictObject({ type: v.literal('majorityVote'), key: fieldName }, unknownField('this aggregate')),
    v.strictObject(
      { type: v.literal('rankByMetric'), key: fieldName, order: v.optional(v.picklist(['asc', 'desc'], "must be 'asc' or 'desc'")) },
      unknownField('this aggregate'),
    ),
    v.strictObject({ type: v.literal('bestResult'), key: fieldName }, unknownField('this aggregate')),
  ],
  "type must be 'collectAll', 'majorityVote', 'rankByMetric' or 'bestResult'",
);

/**
 * The body of `POST /v1/dispatch`, for a server with `policy`. Unknown fields
 * are refused (a typo such as `maxConcurent` must not pass silently).
 */
export function dispatchRequestSchema(policy: DispatchPolicy) {
  return v.strictObject(
    {
      agent: v.pipe(v.string('must be a string'), v.minLength(1, 'must name an agent'), v.maxLength(128, 'must be at most 128 characters')),
      inputs: v.pipe(
        v.array(v.unknown(), 'must be an array of inputs'),
        v.minLength(1, 'send at least one input'),
        v.maxLength(MAX_INPUTS, `must hold at most ${MAX_INPUTS} inputs`),
        v.rawCheck(({ dataset, addIssue }) => {
          if (!dataset.typed) return;
          const deep = dataset.value.findIndex((input) => depthOf(input) > policy.maxInputDepth);
          if (deep === -1) return;
          addIssue({
            message: `nests deeper than ${policy.maxInputDepth} levels; flatten it`,
            path: [{ type: 'array', origin: 'value', input: dataset.value, key: deep, value: dataset.value[deep] }],
          });
        }),
      ),
      template: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.minLength(1, 'must not be empty'),
          v.maxLength(policy.maxTemplateChars, `must be at most ${policy.maxTemplateChars} characters`),
        ),
      ),
      limits: v.optional(clientLimitsSchema),
      aggregate: v.optional(aggregateSchema),
      stream: flag,
    },
    unknownField('a dispatch request (agent, inputs, template, limits, aggregate, stream)'),
  );
}

/** A validated dispatch request. */
export type DispatchRequest = v.InferOutput<ReturnType<typeof dispatchRequestSchema>>;

/** Nesting depth of a JSON value (a scalar is 0), computed without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}
