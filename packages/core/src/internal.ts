/**
 * Pieces of the engine that Flotilla's own adapters (`@flotilla/edge`,
 * `@flotilla/redis`, `@flotilla/node`) reuse so that logic lives once: the
 * stop rules, limit validation, stats, result building, guards and money
 * arithmetic. **Unstable**: anything here may change in any release,
 * without a major version. Applications import from `@flotilla/core`.
 * @packageDocumentation
 */
export { stopCode, stopCancelsRunning, isStopCode, StopSignal, type EarlyStop } from './stop.js';
export { checkPreflight, graceMsOf, resolveLimits } from './limits.js';
export { percentiles, StatsRecorder, type RunFigures } from './stats.js';
export { FailureRate } from './failure-rate.js';
export { buildDispatchRun, type FinishedRun } from './dispatch-run.js';
export { DispatchGuards, type ScreenedInput } from './guards/dispatch-guards.js';
export { failedResult, okResult, cachedResult, type ResultSource } from './results.js';
export { formatUsd, fitsUnderCap, isAmount, nanosSpent, nanosUp, NANOS_PER_USD, roundUsd, usdOf } from './money.js';
export { LedgerBook } from './ledger-book.js';
export { closestName, describeValue } from './describe-value.js';
export { messageOf } from './errors.js';
