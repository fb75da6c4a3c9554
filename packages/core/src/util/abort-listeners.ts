import { LinkedList, type Linked } from './linked-list.js';

/** One callback waiting for a signal's abort. */
interface Entry extends Linked<Entry> {
  readonly callback: () => void;
}

/** The callbacks of one signal, behind its single listener. */
interface Group {
  readonly entries: LinkedList<Entry>;
  readonly listener: () => void;
}

// Weak keys: a signal no one holds any more takes its group with it.
const groups = new WeakMap<AbortSignal, Group>();

/**
 * Call `callback` once when `signal` aborts; returns a function that cancels
 * the call (idempotent). However many callbacks wait on one signal (a
 * thousand queued rate-limit waiters on a run's stop signal), the signal
 * carries one `abort` listener, removed as soon as the last callback is
 * cancelled, so no runtime warns of a listener leak
 * (`MaxListenersExceededWarning` in Node) and nothing stays attached.
 * Callbacks run in the order they were added. A signal that has already
 * aborted calls `callback` in a microtask.
 *
 * Unstable, for adapters (exported through `@flotilla/core/internal`).
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) callback();
    });
    return () => void (cancelled = true);
  }
  let group = groups.get(signal);
  if (!group) {
    const entries = new LinkedList<Entry>();
    const listener = () => {
      groups.delete(signal);
      // A copy, oldest first: callbacks may cancel others as they run.
      for (const entry of entries.toArray()) {
        if (!entry.linked) continue;
        entries.remove(entry);
        entry.callback();
      }
    };
    group = { entries, listener };
    groups.set(signal, group);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { entries, listener } = group;
  const entry = entries.append({ callback, prev: undefined, next: undefined, linked: false });
  return () => {
    if (!entry.linked) return;
    entries.remove(entry);
    if (entries.first === undefined && groups.get(signal)?.entries === entries) {
      groups.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}
