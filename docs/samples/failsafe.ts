/**
 * WHY: fail-safe. An agent that fails about 60% of the time trips
 * `maxFailureRate`: the run stops, running agents are aborted, no new agent
 * starts, and every input still gets a result (the successes are kept).
 *
 * Run it alone: `npx tsx docs/samples/failsafe.ts`
 */
import { dispatch, type ErrorCode, type StopReason } from '@flotilla/core';
import { facts, ms, percent, plural, table } from './format.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Fail-safe: a failing agent trips the failure rate';

/** Options of {@link run}. */
export interface FailSafeOptions {
  /** Inputs (default 40). */
  inputs?: number;
  /** Chance that a call fails, 0..1 (default 0.6). */
  failureRate?: number;
  /** The run's `maxFailureRate` (default 0.5). */
  maxFailureRate?: number;
  /** Seed of the simulated agent (default 4). */
  seed?: number;
}

/** What {@link run} measured. */
export interface FailSafeReport {
  /** Inputs sent. */
  inputs: number;
  /** Results returned (one per input). */
  results: number;
  /** Why the run ended. */
  stopReason: StopReason;
  /** The engine's explanation of the stop. */
  stopMessage: string | undefined;
  /** The limit that tripped. */
  maxFailureRate: number;
  /** Agents started before the stop. */
  startedBeforeStop: number;
  /** Agents started after the stop (the invariant: 0). */
  startedAfterStop: number;
  /** Successful results, kept in the run's results. */
  succeeded: number;
  /** Results by error code, e.g. `agent_error` (the agent failed), `failure_rate` (cut or never started). */
  failedByCode: Partial<Record<ErrorCode, number>>;
  /** Running agents aborted by the stop (their result carries `failure_rate` and 1 attempt). */
  abortedRunning: number;
  /** Items that never started. */
  skipped: number;
  /** Wall time, in milliseconds. */
  wallMs: number;
}

/** Run the flaky agent until the failure rate stops it. */
export async function run(options: FailSafeOptions = {}): Promise<FailSafeReport> {
  const inputs = options.inputs ?? 40;
  const maxFailureRate = options.maxFailureRate ?? 0.5;
  const agent = simulatedAgent<{ page: number }, { page: number; fields: number }>({
    name: 'flaky-extractor',
    profile: MODELS['lynx-70b'],
    seed: options.seed ?? 4,
    latencyMs: 30,
    jitter: 0.5,
    failureRate: options.failureRate ?? 0.6,
    answer: ({ page }, { random }) => ({ page, fields: 3 + Math.floor(random() * 5) }),
  });

  let stopped = false;
  let stopMessage: string | undefined;
  let startedBeforeStop = 0;
  let startedAfterStop = 0;
  const run = await dispatch({
    agent,
    inputs: Array.from({ length: inputs }, (_, page) => ({ page: page + 1 })),
    limits: { maxConcurrent: 4, maxFailureRate, failureRateMinSamples: 5 },
    cache: false,
    onEvent: (event) => {
      if (event.type === 'start') {
        if (stopped) startedAfterStop++;
        else startedBeforeStop++;
      } else if (event.type === 'stop') {
        stopped = true;
        stopMessage = event.message;
      }
    },
  });

  const failedByCode: Partial<Record<ErrorCode, number>> = {};
  for (const result of run.results) {
    if (result.error) failedByCode[result.error.code] = (failedByCode[result.error.code] ?? 0) + 1;
  }
  return {
    inputs,
    results: run.results.filter(Boolean).length,
    stopReason: run.stopReason,
    stopMessage,
    maxFailureRate,
    startedBeforeStop,
    startedAfterStop,
    succeeded: run.stats.succeeded,
    failedByCode,
    abortedRunning: run.results.filter((result) => result.error?.code === 'failure_rate' && result.attempts > 0).length,
    skipped: run.stats.skipped,
    wallMs: run.stats.wallMs,
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: FailSafeReport): string {
  return `stop '${report.stopReason}' after ${report.startedBeforeStop} agents, ${report.startedAfterStop} started after, ${report.results}/${report.inputs} results, ${report.succeeded} kept`;
}

/** The report as text. */
export function render(report: FailSafeReport): string[] {
  const ran = report.startedBeforeStop + report.startedAfterStop;
  return [
    ...facts([
      ['stopped', `stopReason '${report.stopReason}' after ${plural(ran, 'agent')} of ${report.inputs}, in ${ms(report.wallMs)} (limit ${percent(report.maxFailureRate)})`],
      ['why', report.stopMessage ?? '(no stop)'],
      ['after stop', `${plural(report.startedAfterStop, 'agent')} started; ${report.abortedRunning} running were aborted; ${report.skipped} never started`],
      ['results', `${report.results}/${report.inputs} inputs have a result; ${report.succeeded} successes kept`],
    ]),
    '',
    ...table(
      [
        ['ok', String(report.succeeded), 'kept, with their values'],
        ...Object.entries(report.failedByCode).map(([code, count]) => [code, String(count), explain(code as ErrorCode)]),
      ],
      { header: ['outcome', 'items', 'meaning'], align: ['l', 'r', 'l'] },
    ),
  ];
}

function explain(code: ErrorCode): string {
  if (code === 'agent_error') return 'the agent failed (simulated HTTP 503)';
  if (code === 'failure_rate') return 'aborted by the stop, or never started';
  return code;
}

await runDirectly(import.meta.url, { title, run, render });
