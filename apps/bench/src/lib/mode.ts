/**
 * Quick mode (FLOTILLA_BENCH_QUICK=1) runs every scenario at tiny sizes so CI
 * can prove the bench still works in seconds; its timings are not judged.
 */
export const QUICK = process.env.FLOTILLA_BENCH_QUICK === '1';

/** `full` in a real run, `quick` in quick mode. */
export function size<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
