/** Names a field of a result's value, or computes something from the value. */
export type ValueKey<O, T> = keyof O | ((value: O) => T);

/** Read `key` from `value`. */
export function readKey<O, T>(value: O, key: ValueKey<O, T>): T {
  if (typeof key === 'function') return (key as (value: O) => T)(value);
  return (value as Record<PropertyKey, unknown>)[key as PropertyKey] as T;
}
