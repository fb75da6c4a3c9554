/**
 * The Sources page: every file of docs/samples, shown from the file itself,
 * with a link to the live runner of each runnable sample.
 */
import { PAGE_OF_PART, SAMPLE_FILES } from './samples.js';

/** Fill `main` with the sources; `placed` maps a sample named in the deep dive to its page. */
export function renderSources(main: HTMLElement, placed: Record<string, string>): void {
  const title = document.createElement('h1');
  title.textContent = 'Sources of the samples';
  const intro = document.createElement('p');
  intro.textContent =
    'Every file of docs/samples, as the demo (pnpm demo), the sample tests and this site use it: one copy of each.';
  const list = document.createElement('ul');
  list.className = 'file-list';
  main.append(title, intro, list);

  for (const file of SAMPLE_FILES.values()) {
    const anchor = `file-${file.name}.ts`;
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${anchor}`;
    link.append(code(`${file.name}.ts`));
    item.append(link, ' ', ...withCode(firstSentence(file.summary)));
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
    const source = code(file.source);
    source.className = 'language-ts';
    pre.append(source);
    section.append(pre);
    main.append(section);
  }
}

/** The first sentence of a doc comment, without its WHEN / HOW / WHY tag. */
function firstSentence(summary: string): string {
  const text = summary.replace(/^(WHEN|HOW|WHY):\s*/, '');
  const sentence = /^.*?[.:](\s|$)/.exec(text)?.[0] ?? text;
  return sentence.trim().replace(/:$/, '.');
}

function code(text: string): HTMLElement {
  const element = document.createElement('code');
  element.textContent = text;
  return element;
}

/** Text with its `backticked` parts as <code>. */
function withCode(text: string): Array<string | HTMLElement> {
  return text.split('`').map((part, i) => (i % 2 === 1 ? code(part) : part));
}
