/** Defaults of the distributed queue and its workers. */
export const QUEUE_DEFAULTS = Object.freeze({
  /** BullMQ's own default key prefix. */
  prefix: 'bull',
  /** Job lock of a worker, in milliseconds (BullMQ's default). */
  lockDurationMs: 30_000,
  /** How often workers look for stalled jobs, in milliseconds (BullMQ's default). */
  stalledIntervalMs: 30_000,
  /** Times a job may lose its worker before it fails. */
  maxStalledCount: 3,
  /** Attempts of a job whose worker failed it (not agent failures: those are results). */
  attempts: 3,
  /** How long Redis may stay unreachable before a producer fails its runs, in milliseconds. */
  unavailableAfterMs: 30_000,
  /** How often producers and workers ask Redis who it is (restart detection), in milliseconds. */
  stateCheckMs: 1_000,
  /** Jobs one producer keeps queued or running at once. */
  window: 1_000,
});

/** Where Flotilla keeps its own keys of queue `name`, next to BullMQ's. */
export function queueBase(prefix: string, name: string): string {
  return `${prefix}:${name}:flotilla`;
}
