/**
 * Pieces of the engine that Flotilla's own adapters (`@flotilla/edge`,
 * `@flotilla/redis`, `@flotilla/node`) reuse so that logic lives once: the
 * stop rules, limit validation, stats, result building, guards and money
 * arithmetic. **Unstable**: anything here may change in any release,
 * without a major version. Applications import from `@flotilla/core`.
 * @packageDocumentation
 */
export { stopCode, stopCancelsRunning, isStopCode, StopSignal, type EarlyStop } from './executor/stop.js';
export { checkPreflight, graceMsOf, resolveLimits } from './limits/limits.js';
export { percentiles, StatsRecorder, type RunFigures } from './executor/stats.js';
export { FailureRate } from './executor/failure-rate.js';
export { buildDispatchRun, type FinishedRun } from './executor/dispatch-run.js';
export { DispatchGuards, type ScreenedInput } from './guards/dispatch-guards.js';
export { failedResult, okResult, cachedResult, type ResultSource } from './executor/results.js';
export { formatUsd, fitsUnderCap, isAmount, nanosSpent, nanosUp, NANOS_PER_USD, roundUsd, usdOf } from './budget/money.js';
export { LedgerBook } from './budget/ledger-book.js';
export { closestName, describeValue } from './util/describe-value.js';
export { messageOf } from './errors.js';
export { whenAborted } from './util/abort-listeners.js';
