// The shapes of the public API, each in a leaf module of its concept folder; this barrel keeps
// `./types.js` working for the modules that import it.
export type { Agent, AgentContext, AgentDefinition, AgentFn, Awaitable, DispatchOptions } from './executor/dispatch-options-shape.js';
export type { Aggregator, DecideProgress } from './aggregate/aggregator.js';
export type { DispatchEvent, EndEvent, ResultEvent, StartEvent, StopEvent, WarningEvent } from './executor/dispatch-events.js';
export type { DispatchRun } from './executor/dispatch-run-shape.js';
export type { ErrorCode, ResultError, StopReason } from './errors.js';
export type { AgentFailure, AgentResult, AgentResultBase, AgentSuccess, ResultMeta } from './executor/agent-result.js';
export type { DispatchStats, LatencyStats } from './executor/dispatch-stats.js';
export type { Limits } from './limits/limits-shape.js';
