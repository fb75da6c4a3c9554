import type { Clock, DispatchStats, StopReason } from '@flotilla/core';
import type { Queue } from 'bullmq';
import type { JobEvents } from './job-events.js';
import type { QueueLimits } from './queue-dispatch-options.js';
import type { RunRecords } from './run-records.js';
import type { RunStops } from './run-stops.js';

/** How a distributed run ended. */
export interface RunEnd {
  stats: DispatchStats;
  stopReason: StopReason;
  /** The run's stop signal (for the aggregator's `finish`). */
  signal: AbortSignal;
}

/** What a run shares with the other runs of its producer. */
export interface RunPlumbing {
  queue: Queue;
  jobEvents: JobEvents;
  stops: RunStops;
  records: RunRecords;
  clock: Clock;
  /** Resolves once Redis answered (or rejects when it did not in time); also checks durability. */
  ready(limits: QueueLimits): Promise<void>;
}
