/**
 * OpenTelemetry traces for Flotilla: {@link otelTracing} gives a dispatch one
 * span per run and one per agent attempt, with the GenAI semantic conventions.
 * @packageDocumentation
 */
export { otelTracing, type OtelTracingOptions } from './otel-tracing.js';
export { ATTR } from './span-attributes.js';
