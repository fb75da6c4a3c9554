/**
 * Let a value flag take a negative number in the space form: rewrite
 * `--concurrency -3` (and `-c -3`) as `--concurrency=-3`, which `parseArgs`
 * reads as a value (it would otherwise take `-3` for an option and answer
 * "ambiguous"). The value is then checked like any other (`must be >= 1`).
 *
 * @param valueFlags long names and short letters of the flags that take a value.
 */
export function joinNegativeValues(argv: readonly string[], valueFlags: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const next = argv[i + 1];
    const long = token.startsWith('--') ? token.slice(2) : token.length === 2 && token[0] === '-' ? valueFlags.get(token[1]!) : undefined;
    if (long !== undefined && valueFlags.has(long) && next !== undefined && /^-(?:\d|\.\d)/.test(next)) {
      out.push(`--${long}=${next}`);
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}
