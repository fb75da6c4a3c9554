import { FlotillaError } from '@flotilla/core';

/**
 * An agent's value cannot be stored in IndexedDB because the structured clone
 * algorithm refuses it (a function, a DOM node, a class instance with private
 * state). The dispatch keeps the result and reports a `cache_error` warning;
 * the value is just not cached.
 */
export class UncloneableValueError extends FlotillaError {
  constructor(key: string, cause: unknown) {
    super(
      'uncloneable_value',
      `cannot cache the value for key ${key} in IndexedDB: it is not structured-cloneable; return plain data (objects, arrays, strings, numbers, Date, Map, typed arrays) from the agent`,
      { cause },
    );
    this.name = 'UncloneableValueError';
  }
}
