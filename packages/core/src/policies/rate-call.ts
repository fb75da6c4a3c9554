import { AgentError } from '../errors.js';
import type { RateLimiter, RatePermit, RateUsage } from './rate-limiter.js';
import type { AgentDefinition } from '../executor/dispatch-options-shape.js';

/**
 * The token estimate of one call, from the agent's optional `estimateTokens`
 * (0 when it has none). Throws an `AgentError` that says what to fix when the
 * estimate throws or is not a finite number >= 0, so a broken estimator fails
 * its item instead of metering nothing.
 */
export function estimateOf<I>(agent: AgentDefinition<I, unknown>, input: I, prompt: string | undefined): number {
  if (!agent.estimateTokens) return 0;
  let tokens: unknown;
  try {
    tokens = agent.estimateTokens(input, prompt);
  } catch (error) {
    throw new AgentError(`estimateTokens of agent "${agent.name}" threw; fix it to return a token count`, { cause: error });
  }
  if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
    throw new AgentError(`estimateTokens of agent "${agent.name}" returned ${String(tokens)}; return a finite number of tokens >= 0`);
  }
  return tokens;
}

/**
 * One attempt's share of a rate limiter: the permit it was granted and what
 * the agent reports through `ctx.reportUsage`. Provider figures reach the
 * limiter at once; the actual token count is reconciled when both the count
 * is known and the attempt has ended, so an attempt that never ran gives its
 * whole estimate back and one that ran without reporting keeps it.
 */
export class RateCall {
  private tokens: number | undefined;
  private ended = false;
  private ran = false;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly permit: RatePermit | void,
    private readonly attemptsBefore: number,
  ) {}

  /** What `ctx.reportUsage` does; bound so agents may destructure it. */
  readonly report = (usage: RateUsage): void => {
    if (usage === null || typeof usage !== 'object') throw new RangeError('reportUsage expects { tokens?, limits? }');
    const { tokens, limits } = usage;
    if (tokens !== undefined) {
      if (!(typeof tokens === 'number' && Number.isFinite(tokens) && tokens >= 0)) {
        throw new RangeError(`reportUsage tokens must be a finite number >= 0, got ${String(tokens)}`);
      }
      this.tokens = (this.tokens ?? 0) + tokens;
    }
    if (limits) this.limiter.observe?.(limits);
    if (this.ended && this.ran) this.reconcile();
  };

  /** The agent is about to run: the request goes out now. */
  start(): void {
    this.permit?.start?.();
  }

  /** The attempt is over; `attempts` is the item's count now (higher than before when the agent ran). */
  end(attempts: number): void {
    if (this.ended) return;
    this.ended = true;
    this.ran = attempts > this.attemptsBefore;
    if (!this.ran) this.permit?.reconcile(0);
    else this.reconcile();
  }

  private reconcile(): void {
    if (this.tokens !== undefined) this.permit?.reconcile(this.tokens);
  }
}
