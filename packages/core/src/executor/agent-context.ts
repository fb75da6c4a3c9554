import type { LazyAbort } from '../util/lazy-abort.js';
import type { RateUsage } from '../policies/rate-limiter.js';
import type { Spend } from '../budget/spend.js';
import type { AgentContext, AgentResult, DispatchOptions, DispatchRun, ResultMeta } from '../types.js';

/** Runs a child dispatch for `ctx.dispatch`. */
export type ChildDispatch = <I2, O2, V2 = AgentResult<I2, O2>[]>(options: DispatchOptions<I2, O2, V2>) => Promise<DispatchRun<I2, O2, V2>>;

/**
 * The `ctx` of one agent execution. A class, so the lazy `signal` is a
 * prototype getter (a getter on an object literal slows every call site);
 * the methods are bound so agents may destructure them.
 */
export class RunContext implements AgentContext {
  readonly reportCost: (usd: number) => void;
  readonly reserve: (usd: number) => Promise<void>;
  readonly dispatch: ChildDispatch;
  readonly annotate: (meta: Partial<ResultMeta>) => void;

  constructor(
    readonly prompt: string | undefined,
    readonly index: number,
    readonly attempt: number,
    readonly depth: number,
    private readonly abort: LazyAbort,
    spend: Spend,
    dispatch: ChildDispatch,
    annotate: (meta: Partial<ResultMeta>) => void,
    readonly reportUsage: (usage: RateUsage) => void = ignoreUsage,
  ) {
    this.reportCost = (usd) => spend.report(usd);
    this.reserve = (usd) => spend.reserve(usd);
    this.dispatch = dispatch;
    this.annotate = annotate;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

/** `ctx.reportUsage` of a run without a rate limiter. */
function ignoreUsage(): void {}
