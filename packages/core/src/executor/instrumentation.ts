import type { ResultError, StopReason } from '../errors.js';
import type { AgentResult, ResultMeta } from './agent-result.js';
import type { DispatchStats } from './dispatch-stats.js';
import type { Limits } from '../limits/limits-shape.js';

/**
 * Observes dispatches as they run, for tracers such as `otelTracing()` in
 * `@flotilla/otel`. Set it as `DispatchOptions.instrumentation`; nested
 * `ctx.dispatch` runs inherit it and name the attempt they run inside, so a
 * tracer can nest their spans. Every method must return at once and never
 * throw (a throw is caught and ignored); without instrumentation the run
 * makes none of these calls.
 */
export interface DispatchInstrumentation {
  /** A run starts; returns what observes it. */
  startRun(run: RunStartInfo): RunObserver;
}

/** The agent a run or attempt calls. */
export interface InstrumentedAgent {
  /** The agent's name. */
  name: string;
  /** Its version, when set. */
  version?: string;
  /** Its model, when it declares one. */
  model?: string;
}

/** What a run is, as it starts. */
export interface RunStartInfo {
  /** The run's agent. */
  agent: InstrumentedAgent;
  /** The run's limits, defaults filled in. */
  limits: Readonly<Limits>;
  /** 0 for a top-level run, 1 inside `ctx.dispatch`, and so on. */
  depth: number;
  /** The number of inputs when known up front (an array), else `undefined`. */
  inputCount: number | undefined;
  /** The attempt this nested run runs inside, as its observer returned it; `undefined` for a top-level run. */
  parent: AttemptObserver | undefined;
}

/** Observes one run. */
export interface RunObserver {
  /** An agent attempt starts (after its budget was granted). */
  startAttempt(attempt: AttemptStartInfo): AttemptObserver;
  /** An input got its result (cache hits and skipped items included). */
  result(result: AgentResult): void;
  /** The run ended; every input has its result. */
  end(outcome: RunEndInfo): void;
}

/** One agent attempt, as it starts. */
export interface AttemptStartInfo {
  /** The input's position. */
  index: number;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** The agent called (the dispatch's `fallback` while the circuit is open). */
  agent: InstrumentedAgent;
  /** `true` when the dispatch's `fallback` agent runs instead of the agent. */
  fallback: boolean;
}

/** How one attempt ended. */
export interface AttemptEndInfo {
  /** `true` when the agent returned a value. */
  ok: boolean;
  /** Why it failed, when not `ok`. */
  error?: ResultError;
  /** USD this attempt reported. */
  costUsd: number;
  /** How long it ran, in milliseconds. */
  durationMs: number;
  /** What the agent attached with `ctx.annotate` (token usage, fallback chain). */
  meta?: Partial<ResultMeta>;
}

/** Observes one agent attempt. */
export interface AttemptObserver {
  /**
   * Optional: run the agent through this, e.g. inside a tracing context so
   * spans the agent makes (an SDK's own telemetry) nest under the attempt's.
   * It must call `work` once, at once, and return what it returns.
   */
  within?<T>(work: () => T): T;
  /** The attempt ended. */
  end(outcome: AttemptEndInfo): void;
}

/** How a run ended. */
export interface RunEndInfo {
  /** Final counters. */
  stats: DispatchStats;
  /** Why the run ended. */
  stopReason: StopReason;
  /** What stopped it and what to do, when it stopped early. */
  stopMessage?: string;
}
