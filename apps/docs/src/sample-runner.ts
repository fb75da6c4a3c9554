/**
 * The live runner of one sample: a Run button that runs the sample's `run()`
 * in the page with @flotilla/core, then shows its headline, a timeline chart
 * and a cost meter for each dispatch it made, the stop reason, its text
 * report, and its source (the same file the demo runs).
 */
import { ms, plural } from '../../../docs/samples/format.js';
import { costMeter } from './cost-meter.js';
import { beginSession, endSession, type DispatchRecording } from './recorder.js';
import { enqueue } from './run-queue.js';
import { describeCache, optionsFor } from './sample-options.js';
import type { SampleFile } from './samples.js';
import { timelineChart } from './timeline-chart.js';

/** Create an HTML element with a class and children. */
function html<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

/** Fill `section` with the runner of `sample`. */
export function mountSampleRunner(section: HTMLElement, sample: SampleFile): void {
  const button = html('button', 'run-button', 'Run');
  button.type = 'button';
  button.setAttribute('aria-label', `Run ${sample.title ?? sample.name}`);
  const status = html('p', 'run-status', 'Runs in your browser with simulated models: no network, no API key.');
  status.setAttribute('aria-live', 'polite');
  const result = html('div', 'run-result');
  result.hidden = true;

  section.classList.add('sample');
  section.dataset.sample = sample.name;
  section.append(
    html(
      'div',
      'sample-head',
      html('div', '', html('p', 'eyebrow', 'Live sample · ', html('code', '', sample.path)), html('p', 'sample-title', sample.title ?? sample.name)),
      button,
    ),
    status,
    result,
    sourceView(sample),
  );

  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Waiting for the sample running elsewhere on this page…';
    void enqueue(() => runOnce(sample, status, result)).finally(() => (button.disabled = false));
  });
}

async function runOnce(sample: SampleFile, status: HTMLElement, result: HTMLElement): Promise<void> {
  status.textContent = 'Running…';
  status.classList.remove('error');
  const module = await sample.load();
  const options = await optionsFor(sample.name);
  const session = beginSession();
  const began = performance.now();
  try {
    const report = await module.run(options);
    const took = performance.now() - began;
    result.replaceChildren(html('p', 'headline', html('strong', '', module.headline(report))), ...dispatchFigures(session.dispatches), reportView(module.render(report)));
    result.hidden = false;
    const dispatches = session.dispatches.length;
    status.textContent = `Done in ${ms(took)}: ${dispatches} ${dispatches === 1 ? 'dispatch' : 'dispatches'}. Run it again to measure afresh.`;
    result.dataset.state = 'done';
  } catch (error) {
    status.textContent = `The sample failed: ${error instanceof Error ? error.message : String(error)}`;
    status.classList.add('error');
    console.error(error);
  } finally {
    endSession();
  }
}

/** Dispatches charted in full before the rest fold away (a sample may dispatch dozens of times). */
const SHOWN_DISPATCHES = 4;

/** A figure per dispatch; beyond {@link SHOWN_DISPATCHES}, all but the first two sit in a closed <details>. */
function dispatchFigures(dispatches: DispatchRecording[]): HTMLElement[] {
  const figures = dispatches.map((recording, i) => dispatchFigure(recording, i, dispatches.length));
  if (figures.length <= SHOWN_DISPATCHES) return figures;
  const more = html('details', 'more-dispatches', html('summary', '', `Charts of the other ${figures.length - 2} dispatches`), ...figures.slice(2));
  return [...figures.slice(0, 2), more];
}

/** The stop reason of a recorded dispatch, as shown in its badge. */
function stopReasonOf(recording: DispatchRecording): string {
  if (recording.error) return `refused (${recording.error.code})`;
  return recording.run?.stopReason ?? 'unknown';
}

function dispatchFigure(recording: DispatchRecording, i: number, count: number): HTMLElement {
  const reason = stopReasonOf(recording);
  const badge = html('span', `stop-badge ${recording.run?.stopReason === 'completed' ? 'completed' : 'stopped'}`, reason);
  badge.dataset.stopReason = reason;
  const inputs = recording.run?.stats.total;
  const caption = html(
    'figcaption',
    '',
    html('strong', '', count > 1 ? `Dispatch ${i + 1} of ${count}` : 'The dispatch'),
    ` · ${inputs === undefined ? '' : `${plural(inputs, 'input')} · `}${recording.maxConcurrent ? `at most ${recording.maxConcurrent} at once` : 'default concurrency'} · ${describeCache(recording.cache)} · ${ms(recording.wallMs)} · stop reason `,
    badge,
  );
  const figure = html('figure', 'dispatch', caption);
  figure.dataset.stopReason = reason;
  // Agents per the results (not the events the chart is drawn from), so a test can cross-check the bars.
  const results = recording.run?.results ?? [];
  figure.dataset.agents = String(results.filter((result) => result.attempts > 0 || result.cached).length);

  if (recording.error) {
    figure.append(html('p', 'note', `Refused before any agent ran: ${recording.error.message}`));
    return figure;
  }
  figure.append(timelineChart(recording), costMeter(recording.run?.stats.costUsd ?? 0, recording.capUsd));
  if (recording.stop) figure.append(html('p', 'note', html('strong', '', 'Why it stopped: '), recording.stop.message));
  for (const [code, n] of recording.neverStarted) figure.append(html('p', 'note', `${plural(n, 'item')} never started: their results carry ${code}.`));
  return figure;
}

function reportView(lines: string[]): HTMLElement {
  const details = html('details', 'report', html('summary', '', 'Text report (the sample’s render(), as pnpm demo prints it)'), html('pre', '', lines.join('\n')));
  details.open = true;
  return details;
}

function sourceView(sample: SampleFile): HTMLElement {
  const lines = sample.source.split('\n').length;
  return html(
    'details',
    'source',
    html('summary', '', `Source: ${sample.path} (${lines} lines)`),
    html('pre', '', html('code', 'language-ts', sample.source)),
  );
}
