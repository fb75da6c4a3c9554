import { FlotillaError } from '@flotilla/core';

/**
 * The shared budget (a {@link BudgetLedger} Durable Object) could not be
 * reached or refused an operation. Nothing is reserved when this is thrown;
 * retrying may succeed (code `budget_unavailable`).
 */
export class BudgetUnavailableError extends FlotillaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('budget_unavailable', message, { retryable: true, cause: options.cause });
  }
}
