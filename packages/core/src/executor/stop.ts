import type { Clock } from '../util/clock.js';
import { LinkedList, type Linked } from '../util/linked-list.js';
import {
  AbortedError,
  BudgetExhaustedError,
  DeadlineError,
  DecidedError,
  FailureRateError,
  FlotillaError,
  MaxAgentsError,
  type ErrorCode,
  type StopReason,
} from '../errors.js';

/** A reason that ends a run early. */
export type EarlyStop = Exclude<StopReason, 'completed'>;

const CODES: Record<EarlyStop, ErrorCode> = {
  budget: 'budget_exhausted',
  failure_rate: 'failure_rate',
  deadline: 'deadline',
  max_agents: 'max_agents',
  aborted: 'aborted',
  decided: 'decided',
};

const STOP_CODES: ReadonlySet<ErrorCode> = new Set(Object.values(CODES));

/**
 * The error code carried by items a stop left unfinished, e.g.
 * `budget` -> `budget_exhausted`. For adapters that run dispatches elsewhere.
 */
export function stopCode(reason: EarlyStop): ErrorCode {
  return CODES[reason];
}

/** Whether a stop for `reason` also aborts running agents (every reason but `budget` and `max_agents`). */
export function stopCancelsRunning(reason: EarlyStop): boolean {
  return CANCELS_RUNNING.has(reason);
}

/** Whether `code` is one a stop gives to the items it skipped or cut. */
export function isStopCode(code: ErrorCode): boolean {
  return STOP_CODES.has(code);
}

// A budget or agent-count stop lets granted agents finish (their money is
// already reserved); the others cancel running agents too.
const CANCELS_RUNNING: ReadonlySet<EarlyStop> = new Set<EarlyStop>(['failure_rate', 'deadline', 'aborted', 'decided']);

/**
 * The stop state of one run: the first reason wins, later trips are ignored.
 * Running agents register to be cancelled by the stops that cancel.
 * Unstable, for adapters (exported for `@flotilla/redis`; moving to `@flotilla/core/internal`).
 */
export class StopSignal {
  reason: EarlyStop | undefined;
  message: string | undefined;
  // A linked list, not a Set: with an add and a delete per agent on a Set as
  // old as the run, V8 often promoted the agents' closures to the old
  // generation (measured streaming 100,000 items: 50 MB peak heap, not 17 MB).
  private readonly cancelers = new LinkedList<Canceler>();
  // Waits that any stop ends (backoffs, the next input): one list, so a
  // thousand waits add no listener to a shared signal.
  private readonly waits = new LinkedList<Canceler>();
  private readonly controller = new AbortController();
  /** Aborted by any stop: cancels waits for a rate-limit token or a retry. */
  readonly signal: AbortSignal = this.controller.signal;

  constructor(
    private readonly clock: Clock,
    private readonly onStop: (reason: EarlyStop, message: string) => void,
  ) {}

  /** `true` once a stop that also cancels running agents (not budget or max_agents) has tripped. */
  get cancelling(): boolean {
    return this.reason !== undefined && stopCancelsRunning(this.reason);
  }

  /** Stop the run for `reason`; the first call wins. */
  trip(reason: EarlyStop, message: string): void {
    if (this.reason) return;
    this.reason = reason;
    this.message = message;
    this.onStop(reason, message);
    const error = errorFor(reason, message);
    this.controller.abort(error);
    for (const { cancel } of this.waits.toArray()) cancel(error);
    if (!stopCancelsRunning(reason)) return;
    // A copy, oldest first: callbacks unregister themselves as they run.
    for (const { cancel } of this.cancelers.toArray()) cancel(error);
  }

  /** Register a running agent's cancel callback; returns its unregister function. */
  onCancel(cancel: (error: FlotillaError) => void): () => void {
    const node = this.cancelers.append({ cancel, prev: undefined, next: undefined, linked: false });
    return () => this.cancelers.remove(node);
  }

  /**
   * Wait `ms` milliseconds, or less when the run stops first: resolves `true`
   * when the whole wait passed, `false` on a stop. Adds no listener to any
   * signal, and clears its timer on a stop.
   */
  sleep(ms: number): Promise<boolean> {
    if (this.reason) return Promise.resolve(false);
    return new Promise((resolve) => {
      const node = this.waits.append({
        cancel: () => {
          this.waits.remove(node);
          this.clock.clearTimeout(timer);
          resolve(false);
        },
        prev: undefined,
        next: undefined,
        linked: false,
      });
      const timer = this.clock.setTimeout(() => {
        this.waits.remove(node);
        resolve(true);
      }, Math.max(0, ms));
    });
  }

  /** Race `work` against any stop: its value, or `undefined` when the run stopped first. */
  until<T>(work: Promise<T>): Promise<T | undefined> {
    if (this.reason) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      const node = this.waits.append({ cancel: () => resolve(undefined), prev: undefined, next: undefined, linked: false });
      work.then(
        (value) => {
          this.waits.remove(node);
          resolve(value);
        },
        (error: unknown) => {
          this.waits.remove(node);
          reject(error);
        },
      );
    });
  }

  /** Stop on the caller's abort and at the deadline; returns a function that removes both. */
  watch(signal: AbortSignal | undefined, deadlineMs: number | undefined): () => void {
    const onAbort = () => this.trip('aborted', 'the dispatch was aborted by its signal');
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      deadlineMs === undefined
        ? undefined
        : this.clock.setTimeout(
            () => this.trip('deadline', `the run passed its deadline of ${deadlineMs} ms (maxTotalDurationMs); raise it or send fewer inputs`),
            deadlineMs,
          );
    return () => {
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) this.clock.clearTimeout(timer);
    };
  }
}

function errorFor(reason: EarlyStop, message: string): FlotillaError {
  switch (reason) {
    case 'budget':
      return new BudgetExhaustedError(message);
    case 'failure_rate':
      return new FailureRateError(message);
    case 'deadline':
      return new DeadlineError(message);
    case 'max_agents':
      return new MaxAgentsError(message);
    case 'aborted':
      return new AbortedError(message);
    case 'decided':
      return new DecidedError(message);
  }
}

/** A running agent's cancel callback, in the run's list. */
interface Canceler extends Linked<Canceler> {
  readonly cancel: (error: FlotillaError) => void;
}
