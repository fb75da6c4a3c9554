import { errorBrand, FlotillaError } from './brand.js';

// Errors thrown before anything runs: the options, the template or the nesting are refused.

/** The options given to `dispatch` are invalid; nothing ran. */
export class InvalidOptionsError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidOptionsError');
  constructor(message: string) {
    super('invalid_options', message);
    this.name = 'InvalidOptionsError';
  }
}

/** `preflight: true` found that the known inputs cannot fit the limits; nothing ran. */
export class PreflightError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('PreflightError');
  constructor(message: string) {
    super('preflight', message);
    this.name = 'PreflightError';
  }
}

/** A `template` is malformed (unbalanced braces, a forbidden or empty field path); nothing ran. */
export class InvalidTemplateError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidTemplateError');
  constructor(message: string) {
    super('invalid_template', message);
    this.name = 'InvalidTemplateError';
  }
}

/** `ctx.dispatch` was called deeper than `limits.maxDepth` allows; the child run did not start. */
export class MaxDepthError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('MaxDepthError');
  constructor(message: string) {
    super('max_depth', message);
    this.name = 'MaxDepthError';
  }
}
