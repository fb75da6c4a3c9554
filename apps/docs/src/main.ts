/**
 * Entry of every page: wires the search box, mounts the live runner of each
 * sample the page's prose names, and adds runnable samples the prose does not
 * name yet (by the part their doc comment opens with). The rest of every page,
 * the Sources page included, is static HTML written at build time.
 */
import './style.css';
import { mountSampleRunner } from './sample-runner.js';
import { PAGE_OF_PART, SAMPLE_FILES } from './samples.js';
import { mountSearch } from './search.js';
import { mountStartRunner } from './start-runner.js';

mountSearch();
const startRunner = document.getElementById('start-browser-runner');
if (startRunner) mountStartRunner(startRunner);

const page = document.body.dataset.page ?? 'index';
const main = document.getElementById('content')!;
const placed = JSON.parse(document.getElementById('sample-pages')?.textContent ?? '{}') as Record<string, string>;

for (const section of main.querySelectorAll<HTMLElement>('section[data-sample]')) {
  const sample = SAMPLE_FILES.get(section.dataset.sample!);
  if (sample?.runnable) mountSampleRunner(section, sample);
  else section.replaceChildren(`docs/samples/${section.dataset.sample}.ts is not a runnable sample (it must export title, run, render and headline).`);
}
// A sample the prose does not name yet goes to the page of its part, or to the deep dive's overview.
const unplaced = [...SAMPLE_FILES.values()].filter(
  (sample) => sample.runnable && !(sample.name in placed) && (sample.part ? PAGE_OF_PART[sample.part] : 'overview') === page,
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
