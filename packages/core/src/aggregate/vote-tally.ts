import { canonicalJson } from '../cache/canonical-json.js';

/** One distinct value's share of a vote. */
export interface VoteCount<T> {
  /** The value voted for. */
  value: T;
  /** Ballots cast for it. */
  count: number;
  /** Their total weight (equal to `count` for an unweighted vote). */
  weight: number;
  /** Input index of its first ballot: ties go to the value that appeared first. */
  first: number;
}

/**
 * Ballots counted per distinct value. Values are compared by canonical JSON,
 * so `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` are the same ballot.
 */
export class VoteTally<T> {
  private readonly counts = new Map<string, VoteCount<T>>();
  /** Ballots counted. */
  ballots = 0;
  /** Their total weight. */
  weight = 0;

  /** Count one ballot for `value`, of weight `weight`, cast by input `index`. */
  add(value: T, weight: number, index: number): void {
    const id = canonicalJson(value);
    const entry = this.counts.get(id);
    if (entry) {
      entry.count++;
      entry.weight += weight;
      entry.first = Math.min(entry.first, index);
    } else {
      this.counts.set(id, { value, count: 1, weight, first: index });
    }
    this.ballots++;
    this.weight += weight;
  }

  /** Every value, heaviest first; equal weights keep first-appearance order. */
  ranked(): VoteCount<T>[] {
    return [...this.counts.values()].sort((a, b) => b.weight - a.weight || a.first - b.first);
  }

  /** The two heaviest values (fewer when fewer were voted for). */
  leaders(): [VoteCount<T> | undefined, VoteCount<T> | undefined] {
    let first: VoteCount<T> | undefined;
    let second: VoteCount<T> | undefined;
    for (const entry of this.counts.values()) {
      if (!first || entry.weight > first.weight) [first, second] = [entry, first];
      else if (!second || entry.weight > second.weight) second = entry;
    }
    return [first, second];
  }
}
