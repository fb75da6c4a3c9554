import { closestName, describeValue } from '../util/describe-value.js';
import { InvalidOptionsError } from '../errors.js';
import { isInputs } from './input-source.js';
import type { DispatchOptions } from '../types.js';

/** Every option `dispatch` and `dispatchStream` accept. */
const OPTION_NAMES = [
  'agent', 'inputs', 'template', 'limits', 'cache', 'ledger', 'aggregate', 'rateLimiter', 'retry',
  'circuit', 'fallback', 'guards', 'signal', 'onEvent', 'clock', 'instrumentation',
] as const satisfies readonly (keyof DispatchOptions)[];

/** The methods an option object must have, for options that take an interface. */
const INTERFACES: Partial<Record<(typeof OPTION_NAMES)[number], readonly string[]>> = {
  ledger: ['reserve', 'extend', 'commit', 'release', 'snapshot'],
  aggregate: ['finish'],
  rateLimiter: ['acquire'],
  clock: ['now', 'setTimeout', 'clearTimeout'],
};

/**
 * Check the shape of `dispatch` options before anything runs: unknown
 * (misspelled) options, inputs that cannot be iterated, and option values of
 * the wrong type. Limits, retry and guards are checked by their own modules.
 *
 * @throws InvalidOptionsError naming the option and the value's type.
 */
export function checkDispatchOptions(options: unknown): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionsError(`dispatch expects an options object { agent, inputs, ... }, got ${describeValue(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if ((OPTION_NAMES as readonly string[]).includes(key)) continue;
    const hint = closestName(key, OPTION_NAMES);
    throw new InvalidOptionsError(`unknown option "${key}"${hint ? `; did you mean "${hint}"?` : ''} Known options: ${OPTION_NAMES.join(', ')}`);
  }
  if (!isInputs(given.inputs)) {
    throw new InvalidOptionsError(`inputs must be an array, an iterable or an async iterable, got ${describeValue(given.inputs)}`);
  }
  if (given.template !== undefined && typeof given.template !== 'string') {
    throw new InvalidOptionsError(`template must be a string with {field} placeholders, got ${describeValue(given.template)}`);
  }
  if (given.cache !== undefined && given.cache !== false && !hasMethods(given.cache, ['get', 'set'])) {
    throw new InvalidOptionsError(`cache must be a Cache (an object with get and set) or false, got ${describeValue(given.cache)}`);
  }
  for (const [name, methods] of Object.entries(INTERFACES)) {
    const value = given[name];
    if (value !== undefined && !hasMethods(value, methods)) {
      throw new InvalidOptionsError(`${name} must be an object with ${methods.join(', ')}, got ${describeValue(value)}`);
    }
  }
  for (const name of ['limits', 'guards', 'circuit'] as const) {
    const value = given[name];
    if (value !== undefined && (value === null || typeof value !== 'object')) {
      throw new InvalidOptionsError(`${name} must be an object, got ${describeValue(value)}`);
    }
  }
  if (given.onEvent !== undefined && typeof given.onEvent !== 'function') {
    throw new InvalidOptionsError(`onEvent must be a function (event) => void, got ${describeValue(given.onEvent)}`);
  }
  const signal = given.signal as { aborted?: unknown; addEventListener?: unknown } | undefined;
  if (signal !== undefined && !(signal !== null && typeof signal === 'object' && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new InvalidOptionsError(`signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
}

function hasMethods(value: unknown, methods: readonly string[]): boolean {
  return value !== null && typeof value === 'object' && methods.every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
}
