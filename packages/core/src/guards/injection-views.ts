import { foldForMatching, type FoldedText } from './injection-normalize.js';

/** How a view undid a disguise (see `InjectionMatch.obfuscation`). */
export type Obfuscation = 'spaced' | 'leetspeak' | 'encoded' | 'reversed';

/** A folded rewrite of a text with the disguise removed, still mapped back to the original. */
export interface TextView {
  readonly folded: FoldedText;
  readonly obfuscation: Obfuscation;
}

/** A text rewritten before folding: `starts[i]`/`ends[i]` is the original range of `text[i]`. */
interface Rewritten {
  text: string;
  starts: number[];
  ends: number[];
}

const PERCENT = /%[0-9a-f]{2}/i;
const ENTITY = /&(?:#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/i;
const MARKUP = /<[!/a-z]/i;
// Three or more letters, each followed by the same kind of separator: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e".
const SPELLED = /(?<![\p{L}\p{N}])(?:[\p{L}\p{N}@$](?:[ .\-_*·•|/+~,:]{1,4}|\s{1,4})){3,}[\p{L}\p{N}@$](?![\p{L}\p{N}])/gu;
// A token (maximal run) of letters and leet characters; only tokens mixing both are read (linear: no backtracking).
const LEET_TOKEN = /(?<![a-z0-9@$!|+])[a-z0-9@$!|+]+/g;
const LEET_MIX = /[a-z][0-9@$!|+]|[0-9@$!|+][a-z]/;
const REVERSED_HINT = /erongi|dragersid|tegrof|snoitcurtsni|noitcurtsni|tpmorp|metsys|laever|edom repoleved|won era uoy|selur|snoitcirtser/;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', colon: ':', sol: '/', period: '.', comma: ',',
  excl: '!', quest: '?', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', num: '#', hyphen: '-', dash: '-', newline: '\n',
};
const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '2': 'z', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's',
  '!': 'i', '|': 'l', '+': 't',
};

/**
 * The views of `text` worth matching besides its plain fold: URL- and
 * HTML-entity-decoded with markup removed, spaced or dotted letters joined,
 * leetspeak read as letters (1 as i, or as l where that makes a rule's word), and reversed text (whole, and
 * word by word). Each view is built only when a cheap test says the disguise
 * may be there, so plain text pays for none of them.
 */
export function deobfuscatedViews(text: string, folded: FoldedText): TextView[] {
  const views: TextView[] = [];
  if (PERCENT.test(text) || ENTITY.test(text) || MARKUP.test(text)) {
    const decoded = decode(text);
    if (decoded.text !== text) views.push({ folded: foldRewritten(decoded), obfuscation: 'encoded' });
  }
  const spaced = joinSpelled(text);
  if (spaced !== undefined) {
    const view = foldRewritten(spaced);
    views.push({ folded: view, obfuscation: 'spaced' });
    for (const leet of leetViews(view)) views.push({ folded: leet, obfuscation: 'spaced' });
  }
  for (const leet of leetViews(folded)) views.push({ folded: leet, obfuscation: 'leetspeak' });
  if (REVERSED_HINT.test(folded.text)) {
    views.push({ folded: reverse(folded), obfuscation: 'reversed' });
    views.push({ folded: reverseWords(folded), obfuscation: 'reversed' });
  }
  return views;
}

/** Fold a rewritten text and map every folded unit back to the original text. */
function foldRewritten(rewritten: Rewritten): FoldedText {
  const inner = foldForMatching(rewritten.text);
  const starts = inner.starts.map((i) => rewritten.starts[i]!);
  const ends = inner.ends.map((i) => rewritten.ends[i - 1]!);
  return { text: inner.text, starts, ends };
}

function push(out: Rewritten, piece: string, start: number, end: number): void {
  for (let k = 0; k < piece.length; k++) {
    out.starts.push(start);
    out.ends.push(end);
  }
  out.text += piece;
}

/** Decode %XX runs (UTF-8) and HTML entities; drop tags and comment markers so split words join. */
function decode(text: string): Rewritten {
  const out: Rewritten = { text: '', starts: [], ends: [] };
  const plusIsSpace = (text.match(/%[0-9a-f]{2}/gi)?.length ?? 0) >= 3;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '%' && /^%[0-9a-f]{2}/i.test(text.slice(i, i + 3))) {
      let j = i;
      const bytes: number[] = [];
      while (j + 2 < text.length && text[j] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(j + 1, j + 3))) {
        bytes.push(parseInt(text.slice(j + 1, j + 3), 16));
        j += 3;
      }
      push(out, new TextDecoder().decode(Uint8Array.from(bytes)), i, j);
      i = j;
      continue;
    }
    if (char === '&') {
      const entity = /^&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/i.exec(text.slice(i, i + 12));
      const decoded = entity ? decodeEntity(entity[1]!) : undefined;
      if (entity && decoded !== undefined) {
        push(out, decoded, i, i + entity[0].length);
        i += entity[0].length;
        continue;
      }
    }
    if (char === '<') {
      // A whole comment goes (its words are matched in the plain view); so does a tag.
      const tag = /^(?:<!--[\s\S]{0,400}?-->|<!--|<\/?[a-z][^<>]{0,200}>)/i.exec(text.slice(i, i + 410));
      if (tag) {
        i += tag[0].length;
        continue;
      }
    }
    if (char === '-' && text.startsWith('-->', i)) {
      i += 3;
      continue;
    }
    push(out, plusIsSpace && char === '+' ? ' ' : char, i, i + 1);
    i++;
  }
  return out;
}

function decodeEntity(body: string): string | undefined {
  if (body[0] === '#') {
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined;
  }
  return NAMED_ENTITIES[body.toLowerCase()];
}

/**
 * Join letters split by separators: within a spelled run the most common
 * separator is dropped and any other (a wider gap, another mark) becomes a
 * word gap, so "i g n o r e  a l l" reads "ignore all". Undefined when the
 * text has no such run.
 */
function joinSpelled(text: string): Rewritten | undefined {
  const out: Rewritten = { text: '', starts: [], ends: [] };
  let last = 0;
  let found = false;
  SPELLED.lastIndex = 0;
  for (let run = SPELLED.exec(text); run !== null; run = SPELLED.exec(text)) {
    found = true;
    for (let k = last; k < run.index; k++) push(out, text[k]!, k, k + 1);
    const parts = run[0].split(/([^\p{L}\p{N}@$]+)/u);
    const counts = new Map<string, number>();
    for (let k = 1; k < parts.length; k += 2) counts.set(parts[k]!, (counts.get(parts[k]!) ?? 0) + 1);
    const dropped = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    let at = run.index;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (k % 2 === 0) for (let c = 0; c < part.length; c++) push(out, part[c]!, at + c, at + c + 1);
      else if (part !== dropped) push(out, ' ', at, at + part.length);
      at += part.length;
    }
    last = run.index + run[0].length;
  }
  if (!found) return undefined;
  for (let k = last; k < text.length; k++) push(out, text[k]!, k, k + 1);
  return out;
}

// Words of the rules where a "1" stands for "l" rather than "i".
const L_WORDS = /^(?:rules?|all|alle|alles|role|roles|filters?|guidelines?|polic(?:y|ies)|tell|reveal|model|developer|limit\w*|unfiltered|jailbr\w*|follow\w*|earlier|please|lines?|unlock\w*|leak|lifted|disabled?|control\w*|goals?|only|self|yourself|help\w*|la|le|les|regeln|reglas|regole|tool|tools|url|email|old|original|initial|real|actual|evil|unlimited|uncontrolled|la[s]?)$/;

/** Leetspeak read as letters, one character for one, so the map back is unchanged. */
function leetViews(folded: FoldedText): FoldedText[] {
  if (!LEET_MIX.test(folded.text)) return [];
  const letter = (c: string, one: string): string => (c === '1' ? one : LEET[c] ?? c);
  const text = folded.text.replace(LEET_TOKEN, (token) => {
    if (!LEET_MIX.test(token)) return token;
    // A closing "!" or "|" is punctuation, not a letter.
    const body = token.replace(/[!|+]+$/, '');
    const asL = [...body].map((c) => letter(c, 'l')).join('');
    const word = L_WORDS.test(asL) ? asL : [...body].map((c) => letter(c, 'i')).join('');
    return word + token.slice(body.length);
  });
  return [{ ...folded, text }];
}

function reverse(folded: FoldedText): FoldedText {
  return {
    text: folded.text.split('').reverse().join(''),
    starts: [...folded.starts].reverse(),
    ends: [...folded.ends].reverse(),
  };
}

function reverseWords(folded: FoldedText): FoldedText {
  const text = folded.text;
  const starts = [...folded.starts];
  const ends = [...folded.ends];
  let out = '';
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && /[\p{L}\p{N}']/u.test(text[j]!)) j++;
    if (j === i) {
      out += text[i];
      i++;
      continue;
    }
    out += text.slice(i, j).split('').reverse().join('');
    const s = folded.starts.slice(i, j).reverse();
    const e = folded.ends.slice(i, j).reverse();
    for (let k = 0; k < j - i; k++) {
      starts[i + k] = s[k]!;
      ends[i + k] = e[k]!;
    }
    i = j;
  }
  return { text: out, starts, ends };
}
