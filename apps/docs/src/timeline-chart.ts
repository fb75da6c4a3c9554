/**
 * The timeline chart: one row per agent (input index), one bar from when it
 * started to when its result arrived, coloured by outcome. Batches of
 * concurrent agents show up as bars stacked over the same stretch of time.
 */
import { ms } from '../../../docs/samples/format.js';
import type { AgentOutcome, AgentSpan, DispatchRecording } from './recorder.js';
import { svg, ticks } from './svg.js';

/** Colours and legend labels of the outcomes (readable on white, distinct for colour-blind readers). */
export const OUTCOMES: Record<AgentOutcome, { label: string; colour: string }> = {
  ok: { label: 'ok', colour: '#1f6fd1' },
  failed: { label: 'failed', colour: '#d9480f' },
  stopped: { label: 'cut by the stop', colour: '#a98be8' },
  cached: { label: 'cached (no agent call)', colour: '#8c8c99' },
};

const WIDTH = 760;
const LEFT = 70;
const RIGHT = 20;
const TOP = 52;
const MIN_PLOT = 84;
const BOTTOM = 46;

/** Row height in px for `rows` rows: roomy for a few agents, compact for fifty. */
function rowHeight(rows: number): number {
  return Math.max(6, Math.min(22, Math.floor(320 / Math.max(rows, 1))));
}

/** Draw the timeline of one recorded dispatch. */
export function timelineChart(recording: DispatchRecording): SVGElement {
  const spans = [...recording.spans.values()].sort((a, b) => a.index - b.index);
  const row = rowHeight(spans.length);
  // A few rows sit in the middle of a minimum height, so the axis title fits beside them.
  const plotHeight = Math.max(row * spans.length, MIN_PLOT);
  const offset = (plotHeight - row * spans.length) / 2;
  const height = TOP + plotHeight + BOTTOM;
  const lastEnd = Math.max(recording.wallMs, recording.stop?.atMs ?? 0, ...spans.map((span) => span.endMs ?? 0));
  const axis = ticks(lastEnd);
  const domain = Math.max(axis[axis.length - 1] ?? 0, lastEnd) || 1;
  const x = (time: number) => LEFT + (time / domain) * (WIDTH - LEFT - RIGHT);
  const y = (position: number) => TOP + offset + position * row;

  const chart = svg('svg', {
    class: 'timeline',
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: 'img',
    'aria-label': `Timeline of ${spans.length} agents over ${ms(lastEnd)}`,
    'data-bars': spans.length,
  });
  chart.append(svg('title', {}, `One bar per agent, from start to result, over ${ms(lastEnd)}`));
  chart.append(legend(recording.stop !== undefined));

  // Grid and time axis.
  for (const tick of axis) {
    chart.append(svg('line', { x1: x(tick), x2: x(tick), y1: TOP, y2: TOP + plotHeight, class: 'grid' }));
    chart.append(svg('text', { x: x(tick), y: TOP + plotHeight + 16, 'text-anchor': 'middle', class: 'tick' }, String(tick)));
  }
  chart.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: TOP + plotHeight, y2: TOP + plotHeight, class: 'axis' }));
  chart.append(svg('text', { x: (LEFT + WIDTH - RIGHT) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-title' }, 'time since the dispatch began (ms)'));
  chart.append(
    svg('text', { x: 14, y: TOP + plotHeight / 2, 'text-anchor': 'middle', class: 'axis-title', transform: `rotate(-90 14 ${TOP + plotHeight / 2})` }, 'input #'),
  );

  // One row per agent; label every row when there is room, else every few.
  const labelEvery = Math.ceil(12 / row);
  spans.forEach((span, position) => {
    if (position % labelEvery === 0) {
      chart.append(svg('text', { x: LEFT - 8, y: y(position) + row / 2 + 4, 'text-anchor': 'end', class: 'row-label' }, `#${span.index}`));
    }
    chart.append(bar(span, x, y(position), row));
  });

  if (recording.stop) {
    const at = x(recording.stop.atMs);
    // The label sits above the plot, clear of the bars.
    chart.append(svg('line', { x1: at, x2: at, y1: TOP - 16, y2: TOP + plotHeight, class: 'stop-line' }));
    const anchor = at > WIDTH - 160 ? 'end' : 'start';
    chart.append(svg('text', { x: anchor === 'end' ? at - 5 : at + 5, y: TOP - 6, 'text-anchor': anchor, class: 'stop-label' }, `stop: ${recording.stop.reason} at ${ms(recording.stop.atMs)}`));
  }
  return chart;
}

function bar(span: AgentSpan, x: (time: number) => number, top: number, row: number): SVGElement {
  const outcome = span.outcome ?? 'ok';
  const start = x(span.startMs);
  const end = x(span.endMs ?? span.startMs);
  const thickness = Math.max(4, row * 0.7);
  const tooltip =
    span.outcome === 'cached'
      ? `#${span.index}: served from the cache at ${ms(span.startMs)}`
      : `#${span.index}: ${span.code ?? outcome}, ${ms(span.startMs)} to ${ms(span.endMs ?? span.startMs)}${span.attempts > 1 ? `, ${span.attempts} attempts` : ''}`;
  return svg(
    'rect',
    {
      class: `bar ${outcome}`,
      x: start,
      y: top + (row - thickness) / 2,
      width: Math.max(3, end - start),
      height: thickness,
      rx: Math.min(3, thickness / 3),
      fill: OUTCOMES[outcome].colour,
      'data-index': span.index,
      'data-outcome': outcome,
      'data-start-ms': span.startMs,
      'data-end-ms': span.endMs ?? span.startMs,
    },
    svg('title', {}, tooltip),
  );
}

function legend(withStop: boolean): SVGElement {
  const group = svg('g', { class: 'legend', transform: `translate(${LEFT} 8)` });
  let offset = 0;
  for (const { label, colour } of Object.values(OUTCOMES)) {
    group.append(svg('rect', { x: offset, y: 2, width: 14, height: 10, rx: 2, fill: colour }));
    group.append(svg('text', { x: offset + 20, y: 11, class: 'legend-label' }, label));
    offset += 30 + label.length * 7;
  }
  if (withStop) {
    group.append(svg('line', { x1: offset + 7, x2: offset + 7, y1: 0, y2: 14, class: 'stop-line' }));
    group.append(svg('text', { x: offset + 16, y: 11, class: 'legend-label' }, 'run stopped'));
  }
  return group;
}
