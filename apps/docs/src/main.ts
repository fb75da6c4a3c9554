/**
 * Entry of every page: mounts the live runner of each sample the page's prose
 * names, adds runnable samples the prose does not name yet (by the part their
 * doc comment opens with), and fills the Sources page.
 */
import './style.css';
import { mountSampleRunner } from './sample-runner.js';
import { PAGE_OF_PART, SAMPLE_FILES } from './samples.js';
import { renderSources } from './sources-page.js';

const page = document.body.dataset.page ?? 'index';
const main = document.getElementById('content')!;
const placed = JSON.parse(document.getElementById('sample-pages')?.textContent ?? '{}') as Record<string, string>;

if (page === 'source') {
  renderSources(main, placed);
} else {
  for (const section of main.querySelectorAll<HTMLElement>('section[data-sample]')) {
    const sample = SAMPLE_FILES.get(section.dataset.sample!);
    if (sample?.runnable) mountSampleRunner(section, sample);
    else section.replaceChildren(`docs/samples/${section.dataset.sample}.ts is not a runnable sample (it must export title, run, render and headline).`);
  }
  // A sample the prose does not name yet goes to the page of its part, or to the overview.
  const unplaced = [...SAMPLE_FILES.values()].filter(
    (sample) => sample.runnable && !(sample.name in placed) && (sample.part ? PAGE_OF_PART[sample.part] : 'index') === page,
  );
  for (const sample of unplaced) {
    const heading = document.createElement('h3');
    heading.textContent = sample.title ?? sample.name;
    heading.id = `about-${sample.name}`;
    const summary = document.createElement('p');
    summary.textContent = sample.summary.replace(/^(WHEN|HOW|WHY):\s*/, '');
    const section = document.createElement('section');
    section.id = `sample-${sample.name}`;
    main.append(heading, summary, section);
    mountSampleRunner(section, sample);
  }
}
