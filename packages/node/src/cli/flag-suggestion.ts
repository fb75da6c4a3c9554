/**
 * The known flag closest to an unknown one, for "did you mean": within an
 * edit distance of 2 (or 1 for names of up to 4 letters), else `undefined`.
 *
 * @example suggestFlag('--concurency', ['concurrency', 'cache']) // '--concurrency'
 */
export function suggestFlag(unknown: string, names: readonly string[]): string | undefined {
  const bare = unknown.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (bare === '') return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(bare, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = bare.length <= 4 ? 1 : 2;
  return best && best.distance <= allowed ? `--${best.name}` : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions; a swap of neighbours counts 1). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
