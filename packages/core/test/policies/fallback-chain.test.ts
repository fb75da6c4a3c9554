import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AgentError,
  circuitBreakers,
  dispatch,
  fallbackChain,
  InvalidOptionsError,
  RateLimitedError,
  type AgentContext,
  type AgentDefinition,
} from '../../src/index.js';
import { delay } from '../helpers.js';

/** A priced agent: reserves nothing itself, estimates `estimate`, reports `cost`, then answers or throws. */
function priced(name: string, options: { estimate: number; cost: number; fail?: () => Error; model?: string; wait?: number }) {
  const calls: number[] = [];
  const agent: AgentDefinition<number, string> = {
    name,
    ...(options.model === undefined ? {} : { model: options.model }),
    estimateCostUsd: () => options.estimate,
    async run(input: number, ctx: AgentContext) {
      calls.push(input);
      if (options.wait) await delay(options.wait, ctx.signal);
      ctx.reportCost(options.cost);
      ctx.annotate({ usage: { inputTokens: 10, outputTokens: 5 } });
      if (options.fail) throw options.fail();
      return `${name}:${input}`;
    },
  };
  return { agent, calls };
}

describe('fallbackChain', () => {
  it('answers from the next agent after a rate limit, and meta says who answered and what the failure cost', async () => {
    const primary = priced('primary', { estimate: 0.01, cost: 0.004, fail: () => new RateLimitedError('429') });
    const secondary = priced('secondary', { estimate: 0.02, cost: 0.015 });
    const run = await dispatch({ agent: fallbackChain([primary.agent, secondary.agent]), inputs: [1], cache: false });
    const [result] = run.results;
    expect(result!.ok).toBe(true);
    expect(result!.value).toBe('secondary:1');
    expect(result!.costUsd).toBeCloseTo(0.019, 12);
    expect(result!.meta?.fallbackChain).toEqual({
      answeredBy: 'secondary',
      answeredIndex: 1,
      attempts: [
        { agent: 'primary', costUsd: 0.004, error: { code: 'rate_limited', message: '429' } },
        { agent: 'secondary', costUsd: 0.015 },
      ],
    });
    // The answering agent's own notes come through.
    expect(result!.meta?.usage).toEqual({ inputTokens: 10, outputTokens: 5 });
  });

  it('does not move on for a failure outside `on`, and throws the failure so the item carries its code', async () => {
    const primary = priced('primary', { estimate: 0, cost: 0, fail: () => new AgentError('bad request', { retryable: false }) });
    const secondary = priced('secondary', { estimate: 0, cost: 0 });
    const run = await dispatch({ agent: fallbackChain([primary.agent, secondary.agent]), inputs: [1], cache: false });
    expect(run.results[0]!.ok).toBe(false);
    expect(run.results[0]!.error?.message).toBe('bad request');
    expect(secondary.calls).toEqual([]);
    expect(run.results[0]!.meta?.fallbackChain?.answeredBy).toBeUndefined();

    // `on` widens it: agent_error moves on too.
    const widened = await dispatch({ agent: fallbackChain([primary.agent, secondary.agent], { on: ['agent_error'] }), inputs: [1], cache: false });
    expect(widened.results[0]!.value).toBe('secondary:1');
  });

  it('moves on for retryable provider errors (5xx) by default, and reports every failure when all fail', async () => {
    const a = priced('a', { estimate: 0, cost: 0.001, fail: () => new AgentError('503', { retryable: true }) });
    const b = priced('b', { estimate: 0, cost: 0.002, fail: () => new RateLimitedError('429', { retryAfterMs: 5 }) });
    const run = await dispatch({ agent: fallbackChain([a.agent, b.agent]), inputs: [1], cache: false });
    const result = run.results[0]!;
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('rate_limited'); // the last failure, so dispatch's retry treats it as one
    expect(result.costUsd).toBeCloseTo(0.003, 12);
    expect(result.meta?.fallbackChain?.attempts.map((attempt) => [attempt.agent, attempt.error?.code, attempt.costUsd])).toEqual([
      ['a', 'agent_error', 0.001],
      ['b', 'rate_limited', 0.002],
    ]);
  });

  it('skips an agent whose circuit is open without calling it', async () => {
    const circuit = circuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 60_000 });
    const primary = priced('primary', { estimate: 0, cost: 0.001, model: 'model-a', fail: () => new AgentError('503', { retryable: true }) });
    const secondary = priced('secondary', { estimate: 0, cost: 0.001, model: 'model-b' });
    const agent = fallbackChain([primary.agent, secondary.agent], { circuit });
    const run = await dispatch({ agent, inputs: [1, 2, 3], cache: false, limits: { maxConcurrent: 1 } });
    expect(run.results.map((r) => r.value)).toEqual(['secondary:1', 'secondary:2', 'secondary:3']);
    // One failure opened model-a's circuit: inputs 2 and 3 never called it.
    expect(primary.calls).toEqual([1]);
    expect(circuit.get('model-a').state).toBe('open');
    expect(run.results[1]!.meta?.fallbackChain?.attempts[0]).toMatchObject({ agent: 'primary', costUsd: 0, error: { code: 'circuit_open' } });
  });

  it('budgets each attempt on its own: the second model is reserved before it is called, within the cap', async () => {
    // The primary reserves $0.01 (its estimate) and fails having spent $0.006; the
    // secondary needs $0.02, so the chain asks for 0.02 - 0.004 = $0.016 more.
    const primary = priced('primary', { estimate: 0.01, cost: 0.006, fail: () => new RateLimitedError('429') });
    const secondary = priced('secondary', { estimate: 0.02, cost: 0.02 });
    const run = await dispatch({
      agent: fallbackChain([primary.agent, secondary.agent]),
      inputs: [1, 2, 3, 4, 5],
      cache: false,
      limits: { maxTotalCostUsd: 0.06, maxConcurrent: 2 },
    });
    // Each item needs $0.026: two fit $0.06 (two first attempts hold $0.02, the first
    // extension brings it to $0.036), the third start is refused, the cap is never
    // passed, and no secondary call goes unreserved.
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.06 + 1e-12);
    const ok = run.results.filter((r) => r.ok).length;
    expect(ok).toBe(2);
    expect(secondary.calls).toHaveLength(ok);
  });

  it('never passes the cap whatever each model estimates, spends and whichever fail (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ estimate: fc.integer({ min: 1, max: 20 }), spendPct: fc.integer({ min: 0, max: 100 }), fails: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 6 }),
        async (models, capCents, concurrency) => {
          const agents = models.map((model, i) =>
            priced(`m${i}`, {
              estimate: model.estimate / 100,
              cost: (model.estimate * model.spendPct) / 10_000,
              ...(model.fails ? { fail: () => new RateLimitedError('429') } : {}),
            }).agent,
          );
          const cap = capCents / 100;
          const run = await dispatch({
            agent: fallbackChain(agents),
            inputs: Array.from({ length: 8 }, (_, i) => i),
            cache: false,
            limits: { maxTotalCostUsd: cap, maxConcurrent: concurrency },
          });
          expect(run.stats.costUsd).toBeLessThanOrEqual(cap + 1e-9);
          expect(run.results).toHaveLength(8);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops at an abort of the call (timeout) instead of trying the next agent', async () => {
    const slow = priced('slow', { estimate: 0, cost: 0, wait: 10_000 });
    const backup = priced('backup', { estimate: 0, cost: 0 });
    const run = await dispatch({ agent: fallbackChain([slow.agent, backup.agent]), inputs: [1], cache: false, limits: { agentTimeoutMs: 30 } });
    expect(run.results[0]!.error?.code).toBe('timeout');
    expect(backup.calls).toEqual([]);
  });

  it('has the chain as its cache identity: another order or another member is another key', async () => {
    const a = priced('a', { estimate: 0, cost: 0 }).agent;
    const b = priced('b', { estimate: 0, cost: 0 }).agent;
    const ab = fallbackChain([a, b]);
    expect(ab.name).toBe('fallbackChain(a,b)');
    expect(fallbackChain([a, b]).version).toBe(ab.version);
    expect(fallbackChain([b, a]).name).not.toBe(ab.name);
    expect(fallbackChain([a, { ...b, version: '2' }]).version).not.toBe(ab.version);
    expect(fallbackChain([a, { ...b, model: 'other' }]).version).not.toBe(ab.version);
    expect(ab.estimateCostUsd).toBeDefined();
    expect(() => fallbackChain([])).toThrow(InvalidOptionsError);
  });
});
