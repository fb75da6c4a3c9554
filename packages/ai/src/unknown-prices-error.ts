import { FlotillaError } from '@flotilla/core';

/**
 * The price table does not know the model and no `prices` were given, so
 * the agent could neither reserve nor report its cost. Thrown by
 * `aiSdkAgent` when it is made; nothing ran.
 */
export class UnknownModelPricesError extends FlotillaError {
  constructor(message: string) {
    super('unknown_prices', message);
    this.name = 'UnknownModelPricesError';
  }
}
