import type { Clock } from '../../src/util/clock.js';

/**
 * Wrap a clock to count the timers armed through it: `live` now, and the most
 * ever live at once. Lets a test prove a policy keeps at most one timer and
 * leaves none behind.
 */
export function countingClock(inner: Clock): Clock & { readonly live: number; readonly maxLive: number; readonly delays: number[] } {
  const live = new Set<unknown>();
  const delays: number[] = [];
  let maxLive = 0;
  return {
    now: () => inner.now(),
    setTimeout(fn, ms) {
      delays.push(ms);
      const handle: unknown = inner.setTimeout(() => {
        live.delete(handle);
        fn();
      }, ms);
      live.add(handle);
      maxLive = Math.max(maxLive, live.size);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      inner.clearTimeout(handle);
    },
    get live() {
      return live.size;
    },
    get maxLive() {
      return maxLive;
    },
    delays,
  };
}
