/**
 * Code highlighting for the site, at build time, with shiki (no script or
 * stylesheet reaches the browser: colours are inline styles).
 */
import type { Tokens } from 'marked';
import { createHighlighter, type Highlighter } from 'shiki';

/** Highlight `code` written in `language`; returns a `<pre class="shiki">` element. */
export type Highlight = (code: string, language: string) => string;

const LANGUAGES = ['ts', 'js', 'sh', 'json', 'jsonc', 'html', 'css', 'text'] as const;
const ALIASES: Record<string, string> = { typescript: 'ts', javascript: 'js', mjs: 'js', bash: 'sh', shell: 'sh', console: 'sh', '': 'text' };
const THEME = 'github-light';

let loading: Promise<Highlighter> | undefined;

/** The site's highlighter (loaded once per build). */
export async function loadHighlight(): Promise<Highlight> {
  const highlighter = await (loading ??= createHighlighter({ themes: [THEME], langs: LANGUAGES.filter((lang) => lang !== 'text') }));
  return (code, language) => {
    const lang = ALIASES[language] ?? language;
    return highlighter.codeToHtml(code, { lang: (LANGUAGES as readonly string[]).includes(lang) ? lang : 'text', theme: THEME });
  };
}

/** A `marked` renderer for fenced code blocks that uses `highlight`. */
export function codeRenderer(highlight: Highlight): (token: Tokens.Code) => string {
  return ({ text, lang }) => `${highlight(text, (lang ?? '').split(/\s/)[0] ?? '')}\n`;
}
