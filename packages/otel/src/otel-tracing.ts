import type {
  AttemptEndInfo,
  AttemptObserver,
  AttemptStartInfo,
  DispatchInstrumentation,
  RunEndInfo,
  RunObserver,
  RunStartInfo,
} from '@flotilla/core';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR } from './span-attributes.js';

/** Options of {@link otelTracing}. */
export interface OtelTracingOptions {
  /** The tracer to use (default: `trace.getTracer('@flotilla/otel')` from the global provider). */
  tracer?: Tracer;
}

/**
 * Trace dispatches with OpenTelemetry: pass the result as
 * `DispatchOptions.instrumentation`. Each run is a span
 * (`flotilla.dispatch <agent>`: its inputs, limits, stop reason, cost, saved
 * cost and counters) under the caller's active context, with one child span
 * per agent attempt (`chat <model>` for an agent with a model, else
 * `flotilla.agent <name>`: index, attempt, outcome code, cost, duration,
 * and the GenAI `gen_ai.request.model` / `gen_ai.usage.*` attributes when
 * the agent reported its usage) and a zero-length `flotilla.cache_hit`
 * span per cached result. A nested `ctx.dispatch` run is a child of the
 * attempt that started it, and the agent runs inside its attempt's span, so
 * spans it makes (e.g. the AI SDK's telemetry) nest there too.
 *
 * Without a registered OpenTelemetry SDK the API's tracer is a no-op and
 * spans cost next to nothing; without `instrumentation`, core makes no call.
 *
 * @example
 * const run = await dispatch({ agent, inputs, instrumentation: otelTracing() });
 */
export function otelTracing(options: OtelTracingOptions = {}): DispatchInstrumentation {
  const tracer = options.tracer ?? trace.getTracer('@flotilla/otel');
  // The attempt span each attempt observer stands for, so nested runs find their parent.
  const attemptSpans = new WeakMap<AttemptObserver, Context>();
  return {
    startRun(run: RunStartInfo): RunObserver {
      const parent = (run.parent && attemptSpans.get(run.parent)) ?? context.active();
      const span = tracer.startSpan(`flotilla.dispatch ${run.agent.name}`, { kind: SpanKind.INTERNAL, attributes: runAttributes(run) }, parent);
      const runContext = trace.setSpan(parent, span);
      return {
        startAttempt(attempt: AttemptStartInfo): AttemptObserver {
          const attemptSpan = tracer.startSpan(attemptName(attempt.agent), { kind: SpanKind.CLIENT, attributes: attemptAttributes(attempt) }, runContext);
          const attemptContext = trace.setSpan(runContext, attemptSpan);
          const observer: AttemptObserver = {
            within: (work) => context.with(attemptContext, work),
            end: (outcome) => endAttempt(attemptSpan, outcome),
          };
          attemptSpans.set(observer, attemptContext);
          return observer;
        },
        result(result) {
          if (!result.cached) return;
          const now = Date.now();
          tracer
            .startSpan(
              `flotilla.cache_hit ${run.agent.name}`,
              {
                startTime: now,
                attributes: { [ATTR.index]: result.index, [ATTR.cached]: true, [ATTR.outcome]: 'ok', [ATTR.costUsd]: 0, [ATTR.agentName]: run.agent.name },
              },
              runContext,
            )
            .end(now);
        },
        end: (outcome) => endRun(span, outcome),
      };
    },
  };
}

function runAttributes(run: RunStartInfo): Attributes {
  const attributes: Attributes = { [ATTR.agentName]: run.agent.name, [ATTR.depth]: run.depth };
  if (run.agent.version !== undefined) attributes[ATTR.agentVersion] = run.agent.version;
  if (run.agent.model !== undefined) attributes[ATTR.genAiRequestModel] = run.agent.model;
  if (run.inputCount !== undefined) attributes[ATTR.inputCount] = run.inputCount;
  for (const [name, value] of Object.entries(run.limits)) {
    if (typeof value === 'number' || typeof value === 'boolean') attributes[`${ATTR.limitsPrefix}${name}`] = value;
  }
  return attributes;
}

function attemptName(agent: AttemptStartInfo['agent']): string {
  return agent.model === undefined ? `flotilla.agent ${agent.name}` : `chat ${agent.model}`;
}

function attemptAttributes(attempt: AttemptStartInfo): Attributes {
  const attributes: Attributes = {
    [ATTR.agentName]: attempt.agent.name,
    [ATTR.index]: attempt.index,
    [ATTR.attempt]: attempt.attempt,
    [ATTR.cached]: false,
    [ATTR.fallback]: attempt.fallback,
  };
  if (attempt.agent.model !== undefined) {
    attributes[ATTR.genAiOperation] = 'chat';
    attributes[ATTR.genAiRequestModel] = attempt.agent.model;
  }
  return attributes;
}

function endAttempt(span: Span, outcome: AttemptEndInfo): void {
  const attributes: Attributes = {
    [ATTR.outcome]: outcome.ok ? 'ok' : (outcome.error?.code ?? 'agent_error'),
    [ATTR.costUsd]: outcome.costUsd,
    [ATTR.durationMs]: outcome.durationMs,
  };
  const usage = outcome.meta?.usage;
  if (usage?.inputTokens !== undefined) attributes[ATTR.genAiInputTokens] = usage.inputTokens;
  if (usage?.outputTokens !== undefined) attributes[ATTR.genAiOutputTokens] = usage.outputTokens;
  if (usage?.cachedInputTokens !== undefined) attributes[ATTR.cachedInputTokens] = usage.cachedInputTokens;
  if (usage?.reasoningTokens !== undefined) attributes[ATTR.reasoningTokens] = usage.reasoningTokens;
  if (usage?.responseModel !== undefined) attributes[ATTR.genAiResponseModel] = usage.responseModel;
  const chain = outcome.meta?.fallbackChain;
  if (chain) {
    attributes[ATTR.chainAttempts] = chain.attempts.length;
    if (chain.answeredBy !== undefined) attributes[ATTR.answeredBy] = chain.answeredBy;
  }
  span.setAttributes(attributes);
  if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error?.message ?? 'the agent failed' });
  span.end();
}

function endRun(span: Span, outcome: RunEndInfo): void {
  const { stats } = outcome;
  span.setAttributes({
    [ATTR.stopReason]: outcome.stopReason,
    [ATTR.costUsd]: stats.costUsd,
    [ATTR.savedUsd]: stats.savedUsd,
    [`${ATTR.statsPrefix}total`]: stats.total,
    [`${ATTR.statsPrefix}succeeded`]: stats.succeeded,
    [`${ATTR.statsPrefix}failed`]: stats.failed,
    [`${ATTR.statsPrefix}cached`]: stats.cached,
    [`${ATTR.statsPrefix}skipped`]: stats.skipped,
    [`${ATTR.statsPrefix}agentCalls`]: stats.agentCalls,
    [`${ATTR.statsPrefix}wallMs`]: stats.wallMs,
    [`${ATTR.statsPrefix}peakConcurrency`]: stats.peakConcurrency,
  });
  if (outcome.stopReason !== 'completed') {
    span.addEvent('flotilla.stop', { [ATTR.stopReason]: outcome.stopReason, message: outcome.stopMessage ?? outcome.stopReason });
  }
  // A run that stopped early is not an error unless it was aborted or tripped a safety limit.
  if (outcome.stopReason === 'aborted' || outcome.stopReason === 'failure_rate' || outcome.stopReason === 'deadline') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.stopMessage ?? outcome.stopReason });
  }
  span.end();
}
