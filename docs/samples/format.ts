/**
 * Plain-text formatting of the sample reports: units, aligned tables and
 * optional colour. Colour is used only on a TTY and never when NO_COLOR is set,
 * so piped output and logs stay free of escape codes.
 */

const env = (globalThis as { process?: { env?: Record<string, string | undefined>; stdout?: { isTTY?: boolean } } }).process;

/** Whether output gets ANSI colours: only on an interactive terminal without `NO_COLOR`. */
export const useColor = Boolean(env?.stdout?.isTTY) && env?.env?.NO_COLOR === undefined && env?.env?.TERM !== 'dumb';

const paint = (code: string) => (text: string) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Text styles; each returns its input unchanged when colour is off. */
export const style = {
  bold: paint('1'),
  dim: paint('2'),
  green: paint('32'),
  red: paint('31'),
  yellow: paint('33'),
  cyan: paint('36'),
};

// Matches the ANSI colour sequences made by `style`.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Length of `text` as shown on screen (colour codes take no room). */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/** A duration in milliseconds, rounded, e.g. `512 ms`, `5,403 ms`. */
export function ms(value: number): string {
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

/**
 * An amount in USD: cents for whole amounts, more decimals for the sub-cent
 * costs of single calls, trailing zeros dropped, e.g. `$10.00`, `$0.05`, `$0.000873`.
 */
export function usd(value: number): string {
  if (value === 0) return '$0';
  const text = value.toFixed(value < 0.01 ? 6 : 4);
  return `$${text.replace(/(\.\d\d\d*?)0+$/, '$1')}`;
}

/** A ratio as a speedup, e.g. `9.6x`. */
export function times(value: number): string {
  return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)}x`;
}

/** A fraction (0..1) as a percentage, e.g. `71%`. */
export function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** `count` and `noun`, pluralized with an "s" when count is not 1, e.g. `1 agent`, `3 agents`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Column alignment for {@link table}: `l` (left) or `r` (right, for numbers). */
export type Align = 'l' | 'r';

/**
 * Lay out rows as aligned columns separated by two spaces. The optional
 * header is underlined with dashes.
 *
 * @example
 * table([['a', '1 ms'], ['bbb', '20 ms']], { align: ['l', 'r'] });
 * // ['a     1 ms', 'bbb  20 ms']
 */
export function table(rows: readonly (readonly string[])[], options: { header?: readonly string[]; align?: readonly Align[] } = {}): string[] {
  const all = options.header ? [options.header, ...rows] : rows;
  const widths: number[] = [];
  for (const row of all) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, visibleLength(cell))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        const pad = ' '.repeat((widths[column] ?? 0) - visibleLength(cell));
        return options.align?.[column] === 'r' ? pad + cell : column === row.length - 1 ? cell : cell + pad;
      })
      .join('  ');
  const lines = rows.map(line);
  if (!options.header) return lines;
  return [style.bold(line(options.header)), style.dim(widths.map((width) => '-'.repeat(width)).join('  ')), ...lines];
}

/** Width that {@link facts} wraps its values to, in characters (the demo indents by 3). */
export const TEXT_WIDTH = 74;

/** `label: value` pairs with the values aligned; long values wrap under themselves. */
export function facts(pairs: readonly (readonly [string, string])[], width = TEXT_WIDTH): string[] {
  const labelWidth = Math.max(...pairs.map(([label]) => label.length)) + 1;
  const hanging = ' '.repeat(labelWidth + 1);
  return pairs.flatMap(([label, value]) =>
    wrap(value, Math.max(20, width - hanging.length)).map((line, i) =>
      i === 0 ? `${style.dim(`${label}:`.padEnd(labelWidth))} ${line}` : hanging + line,
    ),
  );
}

/** Break `text` into lines of at most `width` characters at spaces (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && visibleLength(line) + 1 + visibleLength(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * A one-line timeline bar: `#` from `start` to `end` on a scale where
 * `totalMs` fills `width` characters.
 */
export function bar(start: number, end: number, totalMs: number, width = 40): string {
  const scale = width / Math.max(totalMs, 1);
  const from = Math.min(width - 1, Math.max(0, Math.floor(start * scale)));
  const to = Math.min(width, Math.max(from + 1, Math.round(end * scale)));
  return ' '.repeat(from) + '#'.repeat(to - from) + ' '.repeat(width - to);
}
