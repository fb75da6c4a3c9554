/**
 * Tracing: a dispatch traced with OpenTelemetry. With an SDK registered
 * (`NodeSDK`, or a provider with any exporter), every run is a span with a
 * child span per agent attempt; without one, the tracer is a no-op.
 * The tests run this file with the SDK's in-memory exporter.
 */
import { dispatch, type AgentContext } from '@flotilla/core';
import { otelTracing } from '@flotilla/otel';
import { trace, type Tracer } from '@opentelemetry/api';

/** A provider agent stand-in: an AI SDK agent (`aiSdkAgent`) reports the same usage and cost. */
const classify = {
  name: 'classify',
  model: 'gpt-4o-mini',
  run: async (text: string, ctx: AgentContext) => {
    ctx.annotate({ usage: { inputTokens: 20, outputTokens: 2 } });
    ctx.reportCost(0.000004);
    return text.includes('refund') ? 'billing' : 'other';
  },
};

/** Classify `texts`, traced through `tracer` (default: the global provider's). */
export async function tracedRun(texts: string[], tracer: Tracer = trace.getTracer('my-app')) {
  return dispatch({
    agent: classify,
    inputs: texts,
    retry: { attempts: 3 },
    limits: { maxTotalCostUsd: 0.01 },
    instrumentation: otelTracing({ tracer }), // spans nest under the caller's active span
  });
}
