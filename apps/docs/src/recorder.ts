/**
 * Records what the samples' dispatches do, for the charts: when each agent
 * started and finished (from the dispatch's own `onEvent` events), how it
 * ended, the spend cap and the stop reason. A recording session covers one
 * click of Run; every dispatch the sample makes in it is one recording.
 */
import type { DispatchEvent, DispatchOptions, DispatchRun, StopReason } from '@flotilla/core';

/** How one agent's result came about: drawn in four colours. `stopped`: cut short by the run's stop (not its own failure). */
export type AgentOutcome = 'ok' | 'failed' | 'stopped' | 'cached';

/** Error codes of a running agent cut short by the run's stop rather than by its own failure. */
const STOP_CODES = new Set(['decided', 'failure_rate', 'deadline', 'aborted', 'budget_exhausted', 'max_agents']);

/** One agent (one input index) that ran or was served from the cache. */
export interface AgentSpan {
  /** The input index. */
  index: number;
  /** When its first attempt started, in ms since the dispatch began (equal to `endMs` for a cache hit). */
  startMs: number;
  /** When its result arrived, in ms since the dispatch began; `undefined` while running. */
  endMs: number | undefined;
  /** Attempts started (retries included). */
  attempts: number;
  /** How it ended; `undefined` while running. */
  outcome: AgentOutcome | undefined;
  /** The error code of a failed result. */
  code: string | undefined;
}

/** Everything recorded about one dispatch. */
export interface DispatchRecording {
  /** The cache the dispatch was given: `false` for none, `undefined` for the default memory cache. */
  cache: DispatchOptions['cache'];
  /** The spend cap, in USD, when `limits.maxTotalCostUsd` was set. */
  capUsd: number | undefined;
  /** The concurrency limit, when set. */
  maxConcurrent: number | undefined;
  /** Agents that started or were served from the cache, by input index. */
  spans: Map<number, AgentSpan>;
  /** Results of items that never ran (the run stopped first), by error code. */
  neverStarted: Map<string, number>;
  /** The stop, when the run stopped early: when (ms since the dispatch began), why, and the engine's message. */
  stop: { atMs: number; reason: StopReason; message: string } | undefined;
  /** The finished run; `undefined` while running or when it threw. */
  run: DispatchRun | undefined;
  /** The error the dispatch threw (e.g. a PreflightError), if any: its stable `code` (or class name) and message. */
  error: { code: string; message: string } | undefined;
  /** How long the dispatch took, in ms (its `stats.wallMs`, or until it threw). */
  wallMs: number;
}

/** A recording session: the dispatches made during one run of a sample, in order. */
export interface Session {
  /** The dispatches, in the order they began. */
  readonly dispatches: DispatchRecording[];
}

let active: Session | undefined;

/** Start recording; dispatches made until {@link endSession} land in the returned session. */
export function beginSession(): Session {
  if (active) throw new Error('a recording session is already open; run one sample at a time');
  active = { dispatches: [] };
  return active;
}

/** Stop recording. */
export function endSession(): void {
  active = undefined;
}

/** What {@link observe} returns: the `onEvent` to give the dispatch, and its completion hooks. */
export interface Observer<I, O> {
  /** Pass to `dispatch` as `onEvent` (it calls the sample's own handler too). */
  onEvent: (event: DispatchEvent<I, O>) => void;
  /** Call with the finished run. */
  finished(run: DispatchRun<I, O, unknown>): void;
  /** Call with what the dispatch threw. */
  failed(error: unknown): void;
}

/**
 * Observe one dispatch. Outside a session it only forwards events to the
 * sample's own handler.
 */
export function observe<I, O>(options: DispatchOptions<I, O, unknown>): Observer<I, O> {
  const own = options.onEvent;
  const session = active;
  if (!session) return { onEvent: (event) => own?.(event), finished: () => undefined, failed: () => undefined };

  const began = performance.now();
  const since = () => performance.now() - began;
  const recording: DispatchRecording = {
    cache: options.cache,
    capUsd: options.limits?.maxTotalCostUsd,
    maxConcurrent: options.limits?.maxConcurrent,
    spans: new Map(),
    neverStarted: new Map(),
    stop: undefined,
    run: undefined,
    error: undefined,
    wallMs: 0,
  };
  session.dispatches.push(recording);

  const onEvent = (event: DispatchEvent<I, O>) => {
    record(recording, event, since());
    own?.(event);
  };
  return {
    onEvent,
    finished(run) {
      recording.run = run as DispatchRun;
      recording.wallMs = run.stats.wallMs;
    },
    failed(error) {
      recording.wallMs = since();
      // Prefer the stable code: bundlers minify class names, so `error.name` may read 'r'.
      const code = (error as { code?: unknown } | undefined)?.code;
      recording.error = {
        code: typeof code === 'string' ? code : error instanceof Error ? error.name : 'error',
        message: error instanceof Error ? error.message : String(error),
      };
    },
  };
}

function record<I, O>(recording: DispatchRecording, event: DispatchEvent<I, O>, atMs: number): void {
  if (event.type === 'start') {
    const span = recording.spans.get(event.index);
    if (span) span.attempts++;
    else recording.spans.set(event.index, { index: event.index, startMs: atMs, endMs: undefined, attempts: 1, outcome: undefined, code: undefined });
  } else if (event.type === 'result') {
    const { result } = event;
    const span = recording.spans.get(result.index);
    if (!span && !result.cached) {
      // A result for an item that never started: the run stopped before it.
      const code = result.error?.code ?? 'skipped';
      recording.neverStarted.set(code, (recording.neverStarted.get(code) ?? 0) + 1);
      return;
    }
    const outcome: AgentOutcome = result.cached ? 'cached' : result.ok ? 'ok' : STOP_CODES.has(result.error?.code ?? '') ? 'stopped' : 'failed';
    const ended = span ?? { index: result.index, startMs: atMs, endMs: undefined, attempts: 0, outcome: undefined, code: undefined };
    ended.endMs = atMs;
    ended.outcome = outcome;
    ended.code = result.error?.code;
    recording.spans.set(result.index, ended);
  } else if (event.type === 'stop') {
    recording.stop = { atMs, reason: event.reason, message: event.message };
  }
}
