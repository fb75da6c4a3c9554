import { errorBrand, FlotillaError } from './brand.js';

// Errors of the spend budget.

/** The spend budget cannot cover a reservation. */
export class BudgetExhaustedError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('BudgetExhaustedError');
  constructor(message: string) {
    super('budget_exhausted', message);
    this.name = 'BudgetExhaustedError';
  }
}

/**
 * An agent called `ctx.reportCost` after its execution was settled with the
 * budget (from a callback that outlived the agent). The amount is counted in
 * `stats.costUsd`, and a `late_cost_report` warning says so, but no ledger
 * holds a reservation for it any more: report costs before the agent's
 * promise settles.
 */
export class LateCostReportError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('LateCostReportError');
  constructor(message: string) {
    super('late_cost_report', message);
    this.name = 'LateCostReportError';
  }
}
