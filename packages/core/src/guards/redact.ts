import { eachMatch } from './each-match.js';
import { PII_DETECTORS } from './pii-detectors.js';
import { PII_TYPES, type PiiDetector, type PiiFinding, type PiiType, type RedactOptions, type RedactResult } from './pii-types.js';
import { createPlaceholderBook, type PlaceholderBook } from './redact-placeholders.js';
import { resolveOverlaps, type Candidate } from './redact-overlaps.js';
import { SECRET_DETECTORS } from './secret-detectors.js';

const ALL_DETECTORS: readonly PiiDetector[] = [...SECRET_DETECTORS, ...PII_DETECTORS];

/**
 * Replace personal data and secrets in `text` with stable placeholders.
 *
 * Each distinct value gets one numbered placeholder per call (`[EMAIL_1]`,
 * `[EMAIL_2]`, the same address twice is `[EMAIL_1]` twice). When matches
 * overlap, the most specific type wins, then the longest span; nothing is ever
 * replaced inside an already replaced span, so surrounding text is never
 * corrupted. `findings` index into the ORIGINAL text and never contain the
 * original values. Redacting the result again changes nothing, and text
 * without personal data comes back unchanged.
 *
 * @example
 * redact('Mail ana@example.com or call (415) 555-0132.', { restore: true });
 * // { text: 'Mail [EMAIL_1] or call [PHONE_1].',
 * //   findings: [{ type: 'email', start: 5, end: 20, placeholder: '[EMAIL_1]' }, { type: 'phone', ... }],
 * //   restoreMap: { '[EMAIL_1]': 'ana@example.com', '[PHONE_1]': '(415) 555-0132' } }
 */
export function redact(text: string, options: RedactOptions = {}): RedactResult {
  const book = createPlaceholderBook(options.placeholder, [text]);
  const { text: redacted, findings } = redactWith(text, book, detectorsFor(options.types));
  return options.restore ? { text: redacted, findings, restoreMap: book.restoreMap() } : { text: redacted, findings };
}

/** The detectors for `types` (default all). */
export function detectorsFor(types: readonly PiiType[] = PII_TYPES): readonly PiiDetector[] {
  if (types === PII_TYPES) return ALL_DETECTORS;
  const wanted = new Set(types);
  return ALL_DETECTORS.filter((detector) => wanted.has(detector.type));
}

/** Redact one string with a shared placeholder book (used by `redact` and `redactValue`). */
export function redactWith(
  text: string,
  book: PlaceholderBook,
  detectors: readonly PiiDetector[],
): { text: string; findings: PiiFinding[] } {
  let spans = resolveOverlaps(findCandidates(text, detectors), text.length);
  if (spans.length === 0) return { text, findings: [] };
  let rendered = render(text, spans, book);
  // A replacement changes the neighbours of the text around it ("...00+44 20 7946 0958" only reads
  // as a phone once the IBAN before it is a placeholder). Redact until nothing new appears, so that
  // redacting the output again changes nothing.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const extra = toOriginal(findCandidates(rendered.text, detectors), rendered.segments);
    if (extra.length === 0) break;
    spans = resolveOverlaps([...spans, ...extra], text.length);
    rendered = render(text, spans, book);
  }
  return { text: rendered.text, findings: rendered.findings };
}

const MAX_ROUNDS = 4;

/** A stretch of unreplaced text: where it sits in the output and where it came from. */
interface Segment {
  readonly outStart: number;
  readonly outEnd: number;
  readonly originalStart: number;
}

function render(text: string, spans: readonly Candidate[], book: PlaceholderBook) {
  const findings: PiiFinding[] = [];
  const segments: Segment[] = [];
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    segments.push({ outStart: out.length, outEnd: out.length + span.start - cursor, originalStart: cursor });
    const placeholder = book.placeholderFor(span.type, text.slice(span.start, span.end));
    out += text.slice(cursor, span.start) + placeholder;
    cursor = span.end;
    findings.push({ type: span.type, start: span.start, end: span.end, placeholder });
  }
  segments.push({ outStart: out.length, outEnd: out.length + text.length - cursor, originalStart: cursor });
  return { text: out + text.slice(cursor), findings, segments };
}

/** Map candidates found in rendered text back to the original; any that touch a placeholder are dropped. */
function toOriginal(candidates: readonly Candidate[], segments: readonly Segment[]): Candidate[] {
  const mapped: Candidate[] = [];
  for (const candidate of candidates) {
    const segment = segments.find((s) => candidate.start >= s.outStart && candidate.end <= s.outEnd);
    if (!segment) continue;
    const shift = segment.originalStart - segment.outStart;
    mapped.push({ type: candidate.type, start: candidate.start + shift, end: candidate.end + shift });
  }
  return mapped;
}

function findCandidates(text: string, detectors: readonly PiiDetector[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const detector of detectors) {
    if (detector.mayMatch && !detector.mayMatch(text)) continue;
    eachMatch(detector.pattern, text, (match) => {
      const span = detector.accept ? detector.accept(match, text) : ([match.index, match.index + match[0].length] as const);
      if (span) candidates.push({ type: detector.type, start: span[0], end: span[1] });
    });
  }
  return candidates;
}
