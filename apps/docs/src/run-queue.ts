/**
 * Runs samples one at a time: their timings would disturb each other, and the
 * recorder charts one sample's dispatches per session.
 */

let tail: Promise<unknown> = Promise.resolve();

/** Run `task` after every task queued before it has settled. */
export function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const next = tail.then(task, task);
  tail = next.catch(() => undefined);
  return next;
}
