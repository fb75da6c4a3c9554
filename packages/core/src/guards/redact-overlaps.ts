import { PII_TYPES, type PiiType } from './pii-types.js';

/** A validated match before overlaps are resolved. */
export interface Candidate {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

const RANK = new Map(PII_TYPES.map((type, rank) => [type, rank]));

/**
 * Keep a set of non-overlapping candidates: the most specific type wins
 * (a private key over the API key inside it, a card over a phone-like run of
 * its digits), then the longest span, then the leftmost. Returns them ordered
 * by `start`. Linear in the total length of the candidates.
 */
export function resolveOverlaps(candidates: readonly Candidate[], textLength: number): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => RANK.get(a.type)! - RANK.get(b.type)! || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const taken = new Uint8Array(textLength);
  const kept: Candidate[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start || isTaken(taken, candidate)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function isTaken(taken: Uint8Array, { start, end }: Candidate): boolean {
  // Spans are short, so checking each position is cheap and exact.
  for (let i = start; i < end; i++) if (taken[i] === 1) return true;
  return false;
}
