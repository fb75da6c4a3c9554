import type { ResultError } from '../errors.js';

/** One attempt a `fallbackChain` made (or skipped), in order. */
export interface FallbackAttempt {
  /** Name of the agent tried. */
  agent: string;
  /** Its model, when it declares one. */
  model?: string;
  /** Why it did not answer; absent for the agent that answered. */
  error?: ResultError;
  /** USD this attempt reported (0 when a circuit skipped it without a call). */
  costUsd: number;
}

/** What `result.meta.fallbackChain` says about a chain's call. */
export interface FallbackChainMeta {
  /** Name of the agent that answered, or `undefined` when every agent failed. */
  answeredBy: string | undefined;
  /** Position of that agent in the chain (0 for the primary), or `undefined`. */
  answeredIndex: number | undefined;
  /** Every agent tried, in order, the one that answered last. */
  attempts: FallbackAttempt[];
}
