import type { AttemptEndInfo, AttemptStartInfo, AttemptObserver, DispatchInstrumentation, RunObserver, RunStartInfo } from './instrumentation.js';

/** A {@link RunObserver} whose calls never throw; `startAttempt` yields `undefined` when the observer's threw. */
export interface GuardedRunObserver extends Omit<RunObserver, 'startAttempt'> {
  startAttempt(attempt: AttemptStartInfo): AttemptObserver | undefined;
}

/**
 * Start observing a run through `instrumentation`, guarding every call: an
 * observer that throws is ignored, never breaking the run's invariants.
 * `startAttempt` hands back the instrumentation's own observer (nested runs
 * name it as their parent); end it with {@link endAttempt}.
 */
export function observeRun(instrumentation: DispatchInstrumentation, run: RunStartInfo): GuardedRunObserver | undefined {
  const observer = quietly(() => instrumentation.startRun(run));
  if (!observer) return undefined;
  return {
    startAttempt: (attempt) => quietly(() => observer.startAttempt(attempt)),
    result: (result) => void quietly(() => observer.result(result)),
    end: (outcome) => void quietly(() => observer.end(outcome)),
  };
}

/** End an attempt observer, ignoring a throw. */
export function endAttempt(attempt: AttemptObserver | undefined, outcome: AttemptEndInfo): void {
  if (attempt) quietly(() => attempt.end(outcome));
}

function quietly<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}
