import { errorBrand, FlotillaError } from './brand.js';

// Why an item failed or a run stopped: the run's limits, its signal, its guards, its aggregator.

/** An agent ran longer than `agentTimeoutMs`. Retryable. */
export class TimeoutError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('TimeoutError');
  constructor(message: string) {
    super('timeout', message, { retryable: true });
    this.name = 'TimeoutError';
  }
}

/** The run was aborted through the caller's `AbortSignal`. */
export class AbortedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('AbortedError');
  constructor(message = 'the dispatch was aborted by its signal') {
    super('aborted', message);
    this.name = 'AbortedError';
  }
}

/** The run stopped because the failure rate passed `maxFailureRate`. */
export class FailureRateError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('FailureRateError');
  constructor(message: string) {
    super('failure_rate', message);
    this.name = 'FailureRateError';
  }
}

/** The run passed its `maxTotalDurationMs` deadline. */
export class DeadlineError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('DeadlineError');
  constructor(message: string) {
    super('deadline', message);
    this.name = 'DeadlineError';
  }
}

/** The run reached `maxTotalAgents` agent executions. */
export class MaxAgentsError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('MaxAgentsError');
  constructor(message: string) {
    super('max_agents', message);
    this.name = 'MaxAgentsError';
  }
}

/** An input could not be used, e.g. a template field it lacks. */
export class InvalidInputError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InvalidInputError');
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'InvalidInputError';
  }
}

/** An aggregator decided the outcome before this item ran. */
export class DecidedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('DecidedError');
  constructor(message = 'the outcome was decided before this item ran') {
    super('decided', message);
    this.name = 'DecidedError';
  }
}

/** A prompt-injection guard refused a template or an input (`guards.injection: 'reject'`). */
export class InjectionDetectedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('InjectionDetectedError');
  constructor(message: string) {
    super('injection_detected', message);
    this.name = 'InjectionDetectedError';
  }
}
