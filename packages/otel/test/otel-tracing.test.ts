import { dispatch, memoryCache, RateLimitedError, type AgentContext } from '@flotilla/core';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ATTR, otelTracing } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => void context.setGlobalContextManager(contextManager.enable()));
afterAll(() => {
  context.disable();
  return provider.shutdown();
});
beforeEach(() => exporter.reset());

/** The finished spans as a tree of names, children in start order. */
function tree(spans: readonly ReadableSpan[], parentId?: string): string[] {
  return spans
    .filter((span) => span.parentSpanContext?.spanId === parentId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1] || Number(a.attributes[ATTR.index] ?? 0) - Number(b.attributes[ATTR.index] ?? 0))
    .flatMap((span) => [span.name, ...tree(spans, span.spanContext().spanId).map((line) => `  ${line}`)]);
}

const byName = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);

describe('otelTracing', () => {
  it('gives a run one span and each attempt a child span with its outcome, retries included', async () => {
    const agent = {
      name: 'classifier',
      model: 'gpt-4o-mini',
      run: (input: number, ctx: AgentContext) => {
        ctx.reportCost(0.001);
        ctx.annotate({ usage: { inputTokens: 12, outputTokens: 3, responseModel: 'gpt-4o-mini-2024-07-18' } });
        if (input === 1 && ctx.attempt === 1) throw new RateLimitedError('429 from the provider', { retryAfterMs: 1 });
        return `label-${input}`;
      },
    };
    const run = await dispatch({ agent, inputs: [0, 1], cache: false, retry: { attempts: 2, baseDelayMs: 0 }, limits: { maxConcurrent: 1 }, instrumentation: otelTracing({ tracer }) });
    expect(run.results.every((r) => r.ok)).toBe(true);
    const spans = exporter.getFinishedSpans();
    expect(tree(spans)).toEqual(['flotilla.dispatch classifier', '  chat gpt-4o-mini', '  chat gpt-4o-mini', '  chat gpt-4o-mini']);
    const [root] = byName('flotilla.dispatch classifier');
    expect(root!.attributes).toMatchObject({
      [ATTR.stopReason]: 'completed',
      [ATTR.inputCount]: 2,
      [`${ATTR.limitsPrefix}maxConcurrent`]: 1,
      [`${ATTR.statsPrefix}agentCalls`]: 3,
      [`${ATTR.statsPrefix}succeeded`]: 2,
      [ATTR.genAiRequestModel]: 'gpt-4o-mini',
    });
    expect(root!.attributes[ATTR.costUsd]).toBeCloseTo(0.003, 12);
    const attempts = byName('chat gpt-4o-mini').map((span) => [span.attributes[ATTR.index], span.attributes[ATTR.attempt], span.attributes[ATTR.outcome], span.status.code]);
    expect(attempts).toEqual(
      expect.arrayContaining([
        [0, 1, 'ok', 0],
        [1, 1, 'rate_limited', 2],
        [1, 2, 'ok', 0],
      ]),
    );
    const first = byName('chat gpt-4o-mini')[0]!;
    expect(first.attributes).toMatchObject({
      [ATTR.genAiOperation]: 'chat',
      [ATTR.genAiRequestModel]: 'gpt-4o-mini',
      [ATTR.genAiResponseModel]: 'gpt-4o-mini-2024-07-18',
      [ATTR.genAiInputTokens]: 12,
      [ATTR.genAiOutputTokens]: 3,
      [ATTR.cached]: false,
      [ATTR.costUsd]: 0.001,
    });
    expect(typeof first.attributes[ATTR.durationMs]).toBe('number');
  });

  it('marks a cache hit with a zero-length span and no attempt', async () => {
    const cache = memoryCache();
    const agent = { name: 'echo', run: (x: string) => x };
    await dispatch({ agent, inputs: ['a'], cache });
    exporter.reset();
    await dispatch({ agent, inputs: ['a', 'b'], cache, instrumentation: otelTracing({ tracer }) });
    // Siblings in the order they finished: a synchronous agent's span may close before the hit's.
    expect(tree(exporter.getFinishedSpans()).sort()).toEqual(['flotilla.dispatch echo', '  flotilla.cache_hit echo', '  flotilla.agent echo'].sort());
    const [hit] = byName('flotilla.cache_hit echo');
    expect(hit!.attributes).toMatchObject({ [ATTR.cached]: true, [ATTR.index]: 0 });
    expect(byName('flotilla.dispatch echo')[0]!.attributes[`${ATTR.statsPrefix}cached`]).toBe(1);
  });

  it('records a budget stop on the run span, and skipped items start no attempt span', async () => {
    const agent = { name: 'spender', run: (x: number, ctx: AgentContext) => (ctx.reportCost(0.02), x) };
    const run = await dispatch({ agent, inputs: [1, 2, 3, 4, 5], cache: false, limits: { maxTotalCostUsd: 0.05, costPerAgentUsd: 0.02, maxConcurrent: 1 }, instrumentation: otelTracing({ tracer }) });
    expect(run.stopReason).toBe('budget');
    const [root] = byName('flotilla.dispatch spender');
    expect(root!.attributes[ATTR.stopReason]).toBe('budget');
    expect(root!.attributes[`${ATTR.statsPrefix}skipped`]).toBe(3);
    expect(root!.events.map((event) => event.name)).toEqual(['flotilla.stop']);
    expect(String(root!.events[0]!.attributes?.message)).toMatch(/raise maxTotalCostUsd/);
    expect(byName('flotilla.agent spender')).toHaveLength(2);
  });

  it("nests a ctx.dispatch run under its parent attempt's span, the whole run under the caller's span, and the agent runs inside its attempt span", async () => {
    const seen: (string | undefined)[] = [];
    const inner = { name: 'inner', run: (x: number) => x * 2 };
    const outer = {
      name: 'outer',
      run: async (x: number, ctx: AgentContext) => {
        seen.push(trace.getActiveSpan() && (trace.getActiveSpan() as unknown as ReadableSpan).name);
        const child = await ctx.dispatch({ agent: inner, inputs: [x, x + 1], cache: false });
        return child.results.map((r) => r.value as number);
      },
    };
    const caller = tracer.startSpan('http request');
    await context.with(trace.setSpan(context.active(), caller), () => dispatch({ agent: outer, inputs: [1, 2], cache: false, limits: { maxConcurrent: 1 }, instrumentation: otelTracing({ tracer }) }));
    caller.end();
    expect(tree(exporter.getFinishedSpans())).toEqual([
      'http request',
      '  flotilla.dispatch outer',
      '    flotilla.agent outer',
      '      flotilla.dispatch inner',
      '        flotilla.agent inner',
      '        flotilla.agent inner',
      '    flotilla.agent outer',
      '      flotilla.dispatch inner',
      '        flotilla.agent inner',
      '        flotilla.agent inner',
    ]);
    expect(seen).toEqual(['flotilla.agent outer', 'flotilla.agent outer']);
    expect(byName('flotilla.dispatch inner')[0]!.attributes[ATTR.depth]).toBe(1);
  });

  it('records a fallback chain: which agent answered and how many were tried', async () => {
    const { fallbackChain } = await import('@flotilla/core');
    const failing = { name: 'primary', model: 'big', run: () => Promise.reject(new RateLimitedError('429')) };
    const backup = { name: 'backup', model: 'small', run: (x: number) => x };
    await dispatch({ agent: fallbackChain([failing, backup]), inputs: [1], cache: false, instrumentation: otelTracing({ tracer }) });
    const [attempt] = byName('flotilla.agent fallbackChain(primary,backup)');
    expect(attempt!.attributes).toMatchObject({ [ATTR.answeredBy]: 'backup', [ATTR.chainAttempts]: 2, [ATTR.outcome]: 'ok' });
  });

  it('makes no span and changes nothing without an SDK (the global no-op tracer)', async () => {
    const run = await dispatch({ agent: (x: number) => x + 1, inputs: [1, 2], cache: false, instrumentation: otelTracing() });
    expect(run.results.map((r) => r.value)).toEqual([2, 3]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
