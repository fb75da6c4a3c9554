// The README's "Tracing" example, run with the SDK's in-memory exporter.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { tracedRun } from '../samples/tracing.js';
import { ATTR } from '../src/index.js';

describe('README: Tracing', () => {
  it('exports a dispatch span with one GenAI chat span per attempt', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const run = await tracedRun(['I want a refund', 'hello'], provider.getTracer('test'));
    expect(run.results.map((r) => r.value)).toEqual(['billing', 'other']);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.name === 'flotilla.dispatch classify')!;
    const chats = spans.filter((span) => span.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(2);
    expect(chats.every((span) => span.parentSpanContext?.spanId === root.spanContext().spanId)).toBe(true);
    expect(chats[0]!.attributes[ATTR.genAiInputTokens]).toBe(20);
    expect(root.attributes[ATTR.costUsd]).toBeCloseTo(0.000008, 12);
    await provider.shutdown();
  });
});
