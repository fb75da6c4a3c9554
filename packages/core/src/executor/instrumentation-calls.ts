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

/**
 * Run `work` through the attempt observer's `within`, when it has one; a
 * `within` that throws before calling `work` (or never calls it) is bypassed,
 * so the agent runs exactly once whatever the observer does.
 */
export function runWithin<T>(attempt: AttemptObserver | undefined, work: () => T): T {
  if (!attempt?.within) return work();
  let outcome: { value: T } | { error: unknown } | undefined;
  const once = (): T => {
    if (outcome) throw new Error('within() called the agent twice');
    try {
      outcome = { value: work() };
    } catch (error) {
      outcome = { error };
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
  try {
    attempt.within(once);
  } catch {
    // The observer's own failure; the agent's outcome (if it ran) is below.
  }
  if (!outcome) return work();
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
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
