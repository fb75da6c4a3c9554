import type { CacheEntry } from './cache.js';

// Entries this process stored for inputs that passed the injection check.
// A memory cache hands back the very object it was given, so a warm hit can
// skip a check whose answer is already known (it is a pure function of the
// input); any other cache returns a copy, and its hits are checked again.
// A WeakSet lets an entry go when its cache drops it.
const passed = new WeakSet<CacheEntry>();

/** Note that `entry` was stored for an input that passed the injection check, unredacted. */
export function markPassedScreening(entry: CacheEntry): void {
  passed.add(entry);
}

/** Whether `entry` was stored here for an input that passed the injection check. */
export function passedScreening(entry: CacheEntry): boolean {
  return passed.has(entry);
}
