/**
 * The Sources page: every file of docs/samples, shown from the file itself,
 * with a link to the live runner of each runnable sample.
 */
import { PAGE_OF_PART, SAMPLE_FILES } from './samples.js';

/** Fill `main` with the sources; `placed` maps a sample named in the deep dive to its page. */
export function renderSources(main: HTMLElement, placed: Record<string, string>): void {
  const intro = document.createElement('p');
  intro.textContent =
    'Every file of docs/samples, as the demo (pnpm demo), the sample tests and this site use it: one copy of each.';
  const list = document.createElement('ul');
  list.className = 'file-list';
  main.append(intro, list);

  for (const file of SAMPLE_FILES.values()) {
    const anchor = `file-${file.name}.ts`;
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${anchor}`;
    link.textContent = `${file.name}.ts`;
    item.append(link, ` ${file.summary.replace(/^(WHEN|HOW|WHY):\s*/, '')}`);
    list.append(item);

    const section = document.createElement('section');
    section.id = anchor;
    section.className = 'source-file';
    const heading = document.createElement('h2');
    heading.textContent = file.path;
    section.append(heading);
    const page = placed[file.name] ?? (file.part ? PAGE_OF_PART[file.part] : 'index');
    if (file.runnable) {
      const run = document.createElement('p');
      const runLink = document.createElement('a');
      runLink.href = `${page}.html#sample-${file.name}`;
      runLink.textContent = `Run it live on the ${page === 'index' ? 'Overview' : page.toUpperCase()} page`;
      run.append(runLink);
      section.append(run);
    }
    const pre = document.createElement('pre');
    const code = document.createElement('code');
    code.className = 'language-ts';
    code.textContent = file.source;
    pre.append(code);
    section.append(pre);
    main.append(section);
  }
}
