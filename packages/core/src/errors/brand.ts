/** The brand every Flotilla error carries, shared by the ESM and CJS builds (`Symbol.for`). */
const FLOTILLA_ERROR = Symbol.for('flotilla.error');

/** A class of Flotilla error: its static `brand` marks its instances (see {@link FlotillaError.isInstance}). */
export interface BrandedClass {
  /** The `Symbol.for` brand its instances carry. */
  readonly brand: symbol;
}

/**
 * Base class of every error Flotilla throws; `code` is stable across releases.
 *
 * Recognise errors with the static `isInstance` checks rather than
 * `instanceof`: when both the ESM and the CJS build of a package are loaded
 * (a bundler or a test runner can do this), each has its own classes and
 * `instanceof` fails across them, while the `Symbol.for` brands are shared.
 *
 * @example
 * const run = await dispatch({ agent, inputs }).catch((error) => {
 *   if (InvalidOptionsError.isInstance(error)) console.error(error.message);
 *   throw error;
 * });
 */
export class FlotillaError extends Error {
  /** The brand of this class, `Symbol.for('flotilla.error.<Name>')`; the base uses `Symbol.for('flotilla.error')`. */
  static readonly brand: symbol = FLOTILLA_ERROR;
  /** Stable machine-readable code. */
  readonly code: string;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    // Every error class names itself with a literal: new.target.name would be
    // mangled by minifiers in browser bundles.
    this.name = 'FlotillaError';
    // Brand the instance with its class and every ancestor's brand.
    for (let type = new.target as unknown; type && type !== Error; type = Object.getPrototypeOf(type)) {
      const brand = (type as Partial<BrandedClass>).brand;
      if (typeof brand === 'symbol') Object.defineProperty(this, brand, { value: true });
    }
  }

  /**
   * Whether `value` is an error of this class (or a subclass), from any
   * build of Flotilla. `TimeoutError.isInstance(e)` narrows `e` to `TimeoutError`.
   */
  static isInstance<T>(this: BrandedClass & { prototype: T }, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[this.brand] === true;
  }
}

/** The brand of the error class `name`: `Symbol.for('flotilla.error.<name>')`. */
export function errorBrand(name: string): symbol {
  return Symbol.for(`flotilla.error.${name}`);
}
