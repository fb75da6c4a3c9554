// Every Flotilla error class and code, one concept per module in errors/; this barrel keeps
// `./errors.js` the one import path inside core.
export type { ErrorCode, StopReason } from './errors/codes.js';
export { errorBrand, FlotillaError, type BrandedClass } from './errors/brand.js';
export { InvalidOptionsError, InvalidTemplateError, MaxDepthError, PreflightError } from './errors/options-errors.js';
export {
  AbortedError,
  DeadlineError,
  DecidedError,
  FailureRateError,
  InjectionDetectedError,
  InvalidInputError,
  MaxAgentsError,
  TimeoutError,
} from './errors/run-errors.js';
export { BudgetExhaustedError, LateCostReportError } from './errors/budget-errors.js';
export { AgentError, RateLimitedError } from './errors/agent-errors.js';
export { messageOf, toResultError, type ResultError } from './errors/result-error.js';
