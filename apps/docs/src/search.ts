/**
 * The search box in the header: loads `search-index.json` (built with the site,
 * plugins/search-index.ts) on first use and lists the sections whose heading or
 * text holds every word typed, headings first. Runs in the browser only.
 */

interface SearchEntry {
  page: string;
  id: string;
  pageTitle: string;
  heading: string;
  text: string;
}

const MAX_RESULTS = 8;

/** Sections matching `query`: every word in the heading or text; heading matches rank first. */
export function search(entries: readonly SearchEntry[], query: string): SearchEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored: Array<{ entry: SearchEntry; score: number }> = [];
  for (const entry of entries) {
    const heading = entry.heading.toLowerCase();
    const all = `${heading} ${entry.text.toLowerCase()}`;
    if (!words.every((word) => all.includes(word))) continue;
    scored.push({ entry, score: words.filter((word) => heading.includes(word)).length });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, MAX_RESULTS).map(({ entry }) => entry);
}

/** Wire the header's search box, if the page has one. */
export function mountSearch(): void {
  const input = document.getElementById('site-search') as HTMLInputElement | null;
  const list = document.getElementById('search-results') as HTMLOListElement | null;
  if (!input || !list) return;
  let index: Promise<SearchEntry[]> | undefined;
  const load = () => (index ??= fetch(new URL('search-index.json', document.baseURI)).then((response) => response.json() as Promise<SearchEntry[]>));
  input.addEventListener('focus', () => void load());
  input.addEventListener('input', async () => {
    const query = input.value;
    const results = search(await load(), query);
    if (input.value !== query) return; // a newer keystroke renders its own results
    list.replaceChildren(
      ...results.map((entry) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `${entry.page}#${entry.id}`;
        const title = document.createElement('strong');
        title.textContent = entry.heading;
        const where = document.createElement('span');
        where.textContent = ` · ${entry.pageTitle}`;
        link.append(title, where);
        item.append(link);
        return item;
      }),
    );
    if (query.trim() !== '' && results.length === 0) {
      const item = document.createElement('li');
      item.className = 'no-results';
      item.textContent = 'No section matches; the API reference has its own search.';
      list.append(item);
    }
    list.hidden = query.trim() === '';
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      input.value = '';
      list.hidden = true;
    }
  });
}
