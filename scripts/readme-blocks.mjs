// Finds the fenced shell blocks of a markdown file and how each is marked.
// The marks (an HTML comment on the line just above the fence) are documented in
// CONTRIBUTING.md, "Commands in READMEs":
//   (none)                          run the block; it must exit 0
//   <!-- serves: <url> -->          start it, wait until <url> answers, stop it after the file
//   <!-- illustration: <why> -->    shown, not run (needs a deployed worker, an API key, npm...)
//   <!-- ci: <why> -->              not run here: every line of it is a command .ci/run runs

/** Languages of a fenced block that is a shell command. */
export const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

const MARK = /^\s*<!--\s*(serves|illustration|ci)\s*:\s*(.*?)\s*-->\s*$/;

/**
 * Every fenced shell block of `markdown`, in order.
 * @param {string} markdown
 * @returns {Array<{ line: number, code: string, mark: 'run' | 'serves' | 'illustration' | 'ci', detail: string }>}
 *   `line` is the 1-based line of the opening fence; `detail` the mark's text (a URL or a reason).
 */
export function readmeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      // A closing fence: the same character, at least as long, nothing after it.
      const close = lines[j].trim();
      if (close.length >= fence.length && close === fence[0].repeat(close.length)) break;
      // Blocks inside list items are indented: drop the fence's indentation.
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (SHELL_LANGUAGES.has(language.toLowerCase())) {
      const mark = MARK.exec(lines[i - 1] ?? '');
      blocks.push({ line: i + 1, code: body.join('\n'), mark: mark ? mark[1] : 'run', detail: mark ? mark[2] : '' });
    }
    i = j;
  }
  return blocks;
}
