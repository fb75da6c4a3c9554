import { z } from 'zod';
import type { DispatchPolicy } from './policy.js';

// Hard sanity bounds, independent of the policy: a value past them is a
// client bug (or an attack), refused with 400 rather than clamped.
const MAX_COUNT = 1_000_000;
const MAX_USD = 1_000_000;
const MAX_MS = 7 * 24 * 60 * 60_000;
const MAX_INPUTS = 100_000;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

const count = (min: number) => z.int().min(min).max(MAX_COUNT);
const usd = z.number().min(0).max(MAX_USD);
const ms = z.int().min(1).max(MAX_MS);

/** The `limits` a client may send: core `Limits` minus `maxDepth` (agents are the server's). */
export const clientLimitsSchema = z.strictObject({
  maxConcurrent: count(1).optional(),
  maxTotalAgents: count(1).optional(),
  maxTotalCostUsd: usd.optional(),
  costPerAgentUsd: usd.optional(),
  maxFailureRate: z.number().min(0).max(1).optional(),
  failureRateMinSamples: count(1).optional(),
  maxTotalDurationMs: ms.optional(),
  agentTimeoutMs: ms.optional(),
  minSuccessCount: count(0).optional(),
  preflight: z.boolean().optional(),
  requestsPerSecond: z.number().positive().max(MAX_COUNT).optional(),
  burst: count(1).optional(),
});

const fieldName = z
  .string()
  .regex(FIELD_NAME, 'must be a field name: a letter or _ followed by up to 63 letters, digits or _')
  .refine((name) => !FORBIDDEN_FIELDS.has(name), 'names a reserved property');

/** The `aggregate` a client may ask for; see `AggregateSpec`. */
export const aggregateSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('collectAll') }),
  z.strictObject({ type: z.literal('majorityVote'), key: fieldName }),
  z.strictObject({ type: z.literal('rankByMetric'), key: fieldName, order: z.enum(['asc', 'desc']).optional() }),
  z.strictObject({ type: z.literal('bestResult'), key: fieldName }),
]);

/**
 * The body of `POST /v1/dispatch`, for a server with `policy`. Unknown fields
 * are refused (a typo such as `maxConcurent` must not pass silently).
 */
export function dispatchRequestSchema(policy: DispatchPolicy) {
  return z.strictObject({
    agent: z.string().min(1).max(128),
    inputs: z
      .array(z.unknown())
      .min(1, 'send at least one input')
      .max(MAX_INPUTS)
      .superRefine((inputs, ctx) => {
        const deep = inputs.findIndex((input) => depthOf(input) > policy.maxInputDepth);
        if (deep !== -1) {
          ctx.addIssue({ code: 'custom', path: [deep], message: `nests deeper than ${policy.maxInputDepth} levels; flatten it` });
        }
      }),
    template: z.string().min(1).max(policy.maxTemplateChars).optional(),
    limits: clientLimitsSchema.optional(),
    aggregate: aggregateSchema.optional(),
    stream: z.boolean().optional(),
  });
}

/** A validated dispatch request. */
export type DispatchRequest = z.infer<ReturnType<typeof dispatchRequestSchema>>;

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
