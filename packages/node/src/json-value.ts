/**
 * Throw a `TypeError` naming the first part of `value` that would not come
 * back unchanged from `JSON.stringify` + `JSON.parse` (a Date, a Map, a
 * class instance, a bigint, a function, `NaN`, `Infinity`, `undefined` in an
 * array). Durable caches store JSON text and promise exact round trips, so
 * they refuse such values instead of storing something else.
 */
export function assertJsonValue(value: unknown, path = '$', seen: Set<object> = new Set()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${String(value)}, which JSON cannot hold`);
    return;
  }
  if (typeof value !== 'object') throw new TypeError(`${path} is a ${typeof value}, which JSON cannot hold`);
  if (seen.has(value)) throw new TypeError(`${path} is a circular reference`);
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new TypeError(`${path}[${i}] is undefined, which JSON turns into null`);
      assertJsonValue(item, `${path}[${i}]`, seen);
    });
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new TypeError(`${path} is a ${kind}, not a plain JSON object`);
    }
    for (const [key, item] of Object.entries(value)) {
      // JSON drops undefined members, and so does a plain object compare.
      if (item !== undefined) assertJsonValue(item, `${path}.${key}`, seen);
    }
  }
  seen.delete(value);
}
