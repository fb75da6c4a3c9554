import type { CacheEntry } from './cache.js';

/**
 * A cache entry this process stored for an input that passed the injection
 * check, unredacted. A memory cache hands back the very object it was given,
 * so a warm hit can skip a check whose answer is already known (it is a pure
 * function of the input); any other cache returns a plain copy, and its hits
 * are checked again.
 */
export class PassedEntry implements CacheEntry {
  constructor(
    public value: unknown,
    public costUsd: number,
    public storedAt: number,
  ) {}
}

/** Whether `entry` was stored here for an input that passed the injection check. */
export function passedScreening(entry: CacheEntry): boolean {
  return entry instanceof PassedEntry;
}
