/**
 * HOW: semaphore control. Ten tasks, at most three at once. Start and end
 * times are taken inside the agent and the concurrency is counted both there
 * and from `onEvent`, so the batches and the peak shown are measured, not assumed.
 *
 * Run it alone: `npx tsx docs/samples/semaphore.ts`
 */
import { dispatch, type AgentDefinition, type DispatchEvent } from '@flotilla/core';
import { bar, facts, ms, table } from './format.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Semaphore control: 10 tasks, at most 3 at once';

/** Options of {@link run}. */
export interface SemaphoreOptions {
  /** Tasks to run (default 10). */
  tasks?: number;
  /** Most tasks at once (default 3). */
  maxConcurrent?: number;
  /** Latency of every task, in milliseconds (default 60). */
  latencyMs?: number;
}

/** When one task ran, in milliseconds since the dispatch began. */
export interface TaskSpan {
  /** Task number, from 1. */
  task: number;
  /** When its agent began. */
  startMs: number;
  /** When its agent returned. */
  endMs: number;
}

/** What {@link run} measured. */
export interface SemaphoreReport {
  /** The concurrency limit. */
  maxConcurrent: number;
  /** Each task's span, in task order. */
  spans: TaskSpan[];
  /** Tasks grouped in batches: a batch is the tasks that started before any of them finished. */
  batches: number[][];
  /** Most tasks running at once, counted inside the agent. */
  peakConcurrency: number;
  /** The same counted from `onEvent` (start events minus result events), as a progress bar sees it. */
  eventPeakConcurrency: number;
  /** The engine's own count of the same, from `stats.peakConcurrency`. */
  statsPeakConcurrency: number;
  /** Wall time, in milliseconds. */
  wallMs: number;
  /** ceil(tasks / maxConcurrent) x latency, in milliseconds: the best possible wall time. */
  idealMs: number;
  /** Latency of each task, in milliseconds. */
  latencyMs: number;
}

/** Run the tasks under the limit and record when each started and ended. */
export async function run(options: SemaphoreOptions = {}): Promise<SemaphoreReport> {
  const tasks = options.tasks ?? 10;
  const maxConcurrent = options.maxConcurrent ?? 3;
  const latencyMs = options.latencyMs ?? 60;
  // Every task takes exactly latencyMs (jitter 0) so the batches are easy to see.
  const agent = simulatedAgent<{ task: number }, string>({
    name: 'task',
    profile: MODELS['kestrel-flash'],
    latencyMs,
    jitter: 0,
    answer: ({ task }) => `task ${task} done`,
  });

  const spans: TaskSpan[] = Array.from({ length: tasks }, (_, i) => ({ task: i + 1, startMs: NaN, endMs: NaN }));
  const began = performance.now();
  // Measured inside the agent: exactly when each task runs, and how many run at once.
  let running = 0;
  let peak = 0;
  const timed: AgentDefinition<{ task: number }, string> = {
    name: agent.name,
    model: agent.model,
    async run(input, ctx) {
      spans[ctx.index]!.startMs = performance.now() - began;
      peak = Math.max(peak, ++running);
      try {
        return await agent.run(input, ctx);
      } finally {
        running--;
        spans[ctx.index]!.endMs = performance.now() - began;
      }
    },
  };
  // Measured from the events, as a progress bar would see the run.
  let inProgress = 0;
  let eventPeak = 0;
  const onEvent = (event: DispatchEvent<{ task: number }, string>) => {
    if (event.type === 'start') eventPeak = Math.max(eventPeak, ++inProgress);
    else if (event.type === 'result' && event.result.attempts > 0) inProgress--;
  };

  const run = await dispatch({
    agent: timed,
    inputs: spans.map(({ task }) => ({ task })),
    limits: { maxConcurrent },
    cache: false,
    onEvent,
  });

  return {
    maxConcurrent,
    spans,
    batches: batchesOf(spans),
    peakConcurrency: peak,
    eventPeakConcurrency: eventPeak,
    statsPeakConcurrency: run.stats.peakConcurrency,
    wallMs: run.stats.wallMs,
    idealMs: Math.ceil(tasks / maxConcurrent) * latencyMs,
    latencyMs,
  };
}

/**
 * Group spans into batches: walking tasks by start time, a task joins the
 * current batch when it started before any task of that batch ended, and
 * opens a new batch otherwise (it must have waited for a free slot).
 */
export function batchesOf(spans: readonly TaskSpan[]): number[][] {
  const batches: number[][] = [];
  let firstEnd = -Infinity;
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    if (batches.length > 0 && span.startMs < firstEnd) {
      batches[batches.length - 1]!.push(span.task);
      firstEnd = Math.min(firstEnd, span.endMs);
    } else {
      batches.push([span.task]);
      firstEnd = span.endMs;
    }
  }
  return batches;
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: SemaphoreReport): string {
  return `peak ${report.peakConcurrency} (limit ${report.maxConcurrent}), batches ${report.batches.map((batch) => batch.length).join('+')}, ${ms(report.wallMs)} vs ideal ${ms(report.idealMs)}`;
}

/** The report as text: a timeline of the tasks, then the numbers. */
export function render(report: SemaphoreReport): string[] {
  const batchOf = new Map(report.batches.flatMap((batch, i) => batch.map((task) => [task, i + 1] as const)));
  return [
    ...table(
      report.spans.map((span) => [
        `task ${span.task}`,
        `batch ${batchOf.get(span.task)}`,
        ms(span.startMs),
        ms(span.endMs),
        `|${bar(span.startMs, span.endMs, report.wallMs, 32)}|`,
      ]),
      { header: ['task', 'batch', 'start', 'end', 'timeline'], align: ['l', 'l', 'r', 'r', 'l'] },
    ),
    '',
    ...facts([
      ['batches', report.batches.map((batch) => `[${batch.join(',')}]`).join(' ')],
      ['peak', `${report.peakConcurrency} running at once (limit ${report.maxConcurrent}); onEvent saw ${report.eventPeakConcurrency}, stats.peakConcurrency says ${report.statsPeakConcurrency}`],
      ['wall time', `${ms(report.wallMs)}, ideal ceil(${report.spans.length}/${report.maxConcurrent}) x ${ms(report.latencyMs)} = ${ms(report.idealMs)}`],
    ]),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
