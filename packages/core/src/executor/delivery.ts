import { messageOf } from '../errors.js';
import type { AgentResult } from './agent-result.js';
import type { DispatchEvent } from './dispatch-events.js';
import type { DispatchOptions } from './dispatch-options-shape.js';
import type { GuardedRunObserver } from './instrumentation-calls.js';
import type { ResultSink } from './run-parts.js';
import type { StatsRecorder } from './stats.js';
import { isStopCode, type StopSignal } from './stop.js';

/** Where {@link Delivery} reports: the run's observer (made after it) and its events. */
export interface DeliveryEvents<I, O> {
  observer(): GuardedRunObserver | undefined;
  emit(event: DispatchEvent<I, O>): void;
}

/**
 * The way out of a run: each result is counted in the stats, handed to the
 * sink, the observer and `onEvent`, then shown to the aggregator, which may
 * end the run once its outcome cannot change.
 */
export class Delivery<I, O> {
  /** Results delivered so far. */
  private settled = 0;

  constructor(
    private readonly sink: ResultSink<I, O>,
    private readonly stats: StatsRecorder,
    private readonly stop: StopSignal,
    private readonly options: DispatchOptions<I, O, unknown>,
    /** Inputs in the run, once known. */
    private readonly expected: () => number | undefined,
    private readonly events: DeliveryEvents<I, O>,
  ) {}

  push(result: AgentResult<I, O>): void {
    // Items that never ran because the run stopped count as skipped.
    const skipped = !result.ok && result.attempts === 0 && isStopCode(result.error.code);
    this.stats.recordResult(result, skipped);
    this.settled++;
    this.sink.push(result);
    this.events.observer()?.result(result);
    if (this.options.onEvent) this.events.emit({ type: 'result', result });
    this.decide(result);
  }

  /** Let the aggregator end the run once its outcome cannot change. */
  private decide(result: AgentResult<I, O>): void {
    const decide = this.options.aggregate?.decide;
    if (!decide || this.stop.reason) return;
    const expected = this.expected();
    const pending = expected === undefined ? undefined : expected - this.settled;
    let decided = false;
    try {
      decided = decide.call(this.options.aggregate, result, { settled: this.settled, pending, signal: this.stop.signal });
    } catch (error) {
      this.events.emit({ type: 'warning', code: 'aggregator_error', message: `the aggregator's decide() threw, so the run goes on without an early stop: ${messageOf(error)}` });
    }
    if (decided) {
      this.stop.trip('decided', `the outcome was decided after ${this.settled} results; the remaining agents were not needed`);
    }
  }
}
