/**
 * Stable codes carried by a failed {@link AgentResult} in `error.code`.
 *
 * - `timeout`: the agent ran past `agentTimeoutMs`.
 * - `aborted`: the caller's `signal` aborted the run.
 * - `budget_exhausted`: the spend budget could not cover this item.
 * - `failure_rate`: the run stopped because too many agents failed.
 * - `deadline`: the run passed `maxTotalDurationMs`.
 * - `max_agents`: the run reached `maxTotalAgents`.
 * - `agent_error`: the agent threw.
 * - `invalid_input`: the input could not be used (e.g. a template field is missing).
 * - `injection_detected`: a prompt-injection guard refused the input.
 * - `circuit_open`: a circuit breaker refused the call.
 * - `rate_limited`: a rate limit refused the call.
 * - `decided`: an aggregator settled the outcome before this item ran.
 */
export type ErrorCode =
  | 'timeout'
  | 'aborted'
  | 'budget_exhausted'
  | 'failure_rate'
  | 'deadline'
  | 'max_agents'
  | 'agent_error'
  | 'invalid_input'
  | 'injection_detected'
  | 'circuit_open'
  | 'rate_limited'
  | 'decided';

/**
 * Why a run ended. `completed` means every input was processed; every other
 * reason means the run stopped early and unstarted items carry the matching
 * {@link ErrorCode}.
 */
export type StopReason =
  | 'completed'
  | 'budget'
  | 'failure_rate'
  | 'deadline'
  | 'max_agents'
  | 'aborted'
  | 'decided';
