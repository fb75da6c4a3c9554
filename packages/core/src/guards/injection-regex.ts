/**
 * Building blocks of the prompt-injection patterns. Every pattern is matched
 * against folded text (see `foldForMatching`): lower case, accents and
 * invisible characters removed, whitespace collapsed.
 */

/** A non-capturing alternation of `words` (each a regex source). */
export const alt = (...words: string[]): string => `(?:${words.join('|')})`;

/** Unicode-aware start of a word (`\b` only knows ASCII). */
export const B = '(?<![\\p{L}\\p{N}_])';

/** Unicode-aware end of a word. */
export const E = '(?![\\p{L}\\p{N}_])';

/** Between two words: whitespace, or markdown emphasis / hyphens, never a sentence break. */
export const S = '[\\s*_~-]{1,3}';

/** Up to `max` words of `list`, each followed by a word gap. */
export const words = (list: string, max = 6): string => `(?:${list}${S}){0,${max}}`;

/** Up to `max` arbitrary words (letters, apostrophes, hyphens), each followed by a word gap. */
export const anyWords = (max: number): string => `(?:[\\p{L}\\p{N}'-]+${S}){0,${max}}`;

/**
 * An imperative: the verb starts a sentence or a clause, or follows a word
 * that makes it a command ("please act as", "I want you to act as").
 */
export const IMPERATIVE =
  '(?<=(?:^|[.!?;:,\\n"\'(\\[>*•-]|' + B +
  alt('please', 'now', 'just', 'simply', 'and', 'then', 'so', 'kindly', 'also', 'henceforth', 'from now on',
    'going forward', 'i want you to', 'i need you to', "i'd like you to", 'i would like you to',
    'you must', 'you should', 'you will', 'you shall', 'you have to', 'you need to', 'you are going to',
    "you're going to", "you'll", 'can you', 'could you', 'would you', 'will you') +
  ')\\s*)';
