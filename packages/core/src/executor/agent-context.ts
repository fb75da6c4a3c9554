import type { LazyAbort } from '../util/lazy-abort.js';
import type { RateUsage } from '../policies/rate-limiter.js';
import type { Spend } from '../budget/spend.js';
import type { AttemptObserver } from './instrumentation.js';
import type { AgentContext, AgentResult, DispatchOptions, DispatchRun, ResultMeta } from '../types.js';

/** Runs a child dispatch for `ctx.dispatch`. */
export type ChildDispatch = <I2, O2, V2 = AgentResult<I2, O2>[]>(options: DispatchOptions<I2, O2, V2>) => Promise<DispatchRun<I2, O2, V2>>;

/** What a {@link RunContext} asks of its run. */
export interface ContextHost {
  /** Run a nested dispatch under the agent whose signal, spend and attempt are given. */
  dispatchChild<I2, O2, V2>(options: DispatchOptions<I2, O2, V2>, signal: AbortSignal, spend: Spend, attempt: AttemptObserver | undefined): Promise<DispatchRun<I2, O2, V2>>;
}

/** Where `ctx.annotate` writes: the item of the attempt. */
export interface Notes {
  notes: Partial<ResultMeta> | undefined;
}

/**
 * The `ctx` of one agent execution. A class, so the lazy `signal` is a
 * prototype getter (a getter on an object literal slows every call site).
 * The methods are bound so agents may destructure them; each bound function
 * is made on first read, since most agents use none or one of them.
 */
export class RunContext implements AgentContext {
  private bound: { reportCost?: (usd: number) => void; reserve?: (usd: number) => Promise<void>; dispatch?: ChildDispatch; annotate?: (meta: Partial<ResultMeta>) => void } | undefined;

  constructor(
    readonly prompt: string | undefined,
    readonly index: number,
    readonly attempt: number,
    readonly depth: number,
    private readonly abort: LazyAbort,
    private readonly spend: Spend,
    private readonly host: ContextHost,
    private readonly item: Notes,
    private readonly observer: AttemptObserver | undefined,
    readonly reportUsage: (usage: RateUsage) => void = ignoreUsage,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get reportCost(): (usd: number) => void {
    const bound = (this.bound ??= {});
    return (bound.reportCost ??= (usd) => this.spend.report(usd));
  }

  get reserve(): (usd: number) => Promise<void> {
    const bound = (this.bound ??= {});
    return (bound.reserve ??= (usd) => this.spend.reserve(usd));
  }

  get dispatch(): ChildDispatch {
    const bound = (this.bound ??= {});
    return (bound.dispatch ??= (options) => this.host.dispatchChild(options, this.abort.signal, this.spend, this.observer));
  }

  get annotate(): (meta: Partial<ResultMeta>) => void {
    const bound = (this.bound ??= {});
    return (bound.annotate ??= (meta) => void (this.item.notes = { ...this.item.notes, ...meta }));
  }
}

/** `ctx.reportUsage` of a run without a rate limiter. */
function ignoreUsage(): void {}
