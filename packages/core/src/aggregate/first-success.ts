import { systemClock, type Clock } from '../util/clock.js';
import { InvalidOptionsError } from '../errors.js';
import type { AgentResult } from '../executor/agent-result.js';
import type { Aggregator } from './aggregator.js';
import { HedgeChain } from './hedge-chain.js';
import { PerRun } from './per-run.js';

/** The defaults of {@link firstSuccess}'s hedging, in one place. */
export const FIRST_SUCCESS_DEFAULTS = Object.freeze({
  /** Hedge delay while too few latencies have been observed for `hedgeAfter`, in milliseconds. */
  hedgeAfterMs: 1_000,
  /** Latencies needed before `hedgeAfter` uses their percentile instead of the delay above. */
  minSamples: 5,
  /** Most recent latencies kept for `hedgeAfter`. */
  window: 100,
});

/** Options of {@link firstSuccess}. Without `hedgeAfterMs` or `hedgeAfter`, every item starts at once and races. */
export interface FirstSuccessOptions {
  /**
   * Hedge delay, in milliseconds: item 0 starts at once; item k (k >= 1)
   * starts only when `hedgeAfterMs` has passed since item k-1 was let
   * through while an earlier item is still running, or at once when every
   * earlier item has failed. ("Let through" is the start gate: the item may
   * still wait there for a concurrency slot, a rate-limit token or its budget.) With `hedgeAfter`, this is instead the delay used until enough
   * latencies are known (default {@link FIRST_SUCCESS_DEFAULTS}.hedgeAfterMs).
   */
  hedgeAfterMs?: number;
  /**
   * Take the hedge delay from observed latencies: `'p95'` (or the quantile
   * as a number in (0, 1], e.g. `0.9` for p90) of the durations of the
   * successful, uncached results this aggregator has seen, in this run and
   * earlier runs that used the same aggregator (the most recent
   * {@link FIRST_SUCCESS_DEFAULTS}.window of them). A run ends at its first
   * success, so the samples come mostly from earlier runs: reuse one
   * aggregator for a stream of requests. Until
   * {@link FIRST_SUCCESS_DEFAULTS}.minSamples are known, `hedgeAfterMs` (or
   * its default) applies. The delay is fixed when a run's first item reaches
   * its start.
   */
  hedgeAfter?: 'p95' | number;
  /** Time source of the hedge timers (default {@link systemClock}); pass the run's clock in tests. */
  clock?: Clock;
}

/** The outcome of {@link firstSuccess}. */
export interface FirstSuccessOutcome<I = unknown, O = unknown> {
  /**
   * The first successful result to arrive, or `undefined` when every item
   * failed. (Given results alone, without a run, the first success in input order.)
   */
  winner: AgentResult<I, O> | undefined;
  /** Results it took, failures before the winner included, when the win stopped the run early. */
  decidedAfter: number | undefined;
  /** The hedge delay the run used, in milliseconds; `undefined` without hedging. */
  hedgeAfterMs: number | undefined;
}

/**
 * The first successful result wins: the run stops with `decided`, the other
 * running agents are aborted (their reservations go back to the budget) and
 * the items not yet started are skipped with the code `decided`. Works with
 * async iterables too. The inputs are alternative ways to the same answer:
 * replicas, providers, or models tried cheapest first.
 *
 * With hedging the items do not all start at once: item 0 starts, and item
 * k (k >= 1) starts only when the earlier ones have not answered within the
 * hedge delay, or have all failed. Tail latency drops (a slow call gets a
 * backup) without paying for every call on every request.
 *
 * One aggregator may serve many runs, one after another or at once: each
 * run's race is kept apart (keyed by the run's stop signal), while the
 * latencies that `hedgeAfter: 'p95'` learns from are shared by all of them.
 *
 * @example
 * // Ask the primary; if it has not answered in 800 ms, also ask the backup.
 * const run = await dispatch({ agent: complete, inputs: [primary, backup], aggregate: firstSuccess({ hedgeAfterMs: 800 }) });
 * run.value.winner?.value;
 *
 * @example
 * const hedged = firstSuccess({ hedgeAfter: 'p95' });   // reuse for every request
 * for (const question of questions) await dispatch({ agent, inputs: replicasFor(question), aggregate: hedged });
 */
export function firstSuccess<I = unknown, O = any>(options: FirstSuccessOptions = {}): Aggregator<I, O, FirstSuccessOutcome<I, O>> {
  const quantile = checkOptions(options);
  const hedged = options.hedgeAfterMs !== undefined || quantile !== undefined;
  const clock = options.clock ?? systemClock;
  const latencies: number[] = [];
  const races = new PerRun<RaceState>(newRace);

  const hedgeDelay = (): number => {
    const fallback = options.hedgeAfterMs ?? FIRST_SUCCESS_DEFAULTS.hedgeAfterMs;
    if (quantile === undefined || latencies.length < FIRST_SUCCESS_DEFAULTS.minSamples) return fallback;
    const sorted = [...latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)]!;
  };

  const aggregator: Aggregator<I, O, FirstSuccessOutcome<I, O>> = {
    decide(result, { settled, pending, signal }) {
      const run = races.get(signal, settled === 1);
      run.settled.push(result.index);
      if (!result.ok) {
        run.chain?.settled(result.index);
        return false;
      }
      if (!result.cached && result.attempts > 0) remember(latencies, result.durationMs);
      if (run.winner !== undefined) return false;
      run.winner = result.index;
      // With nothing left to run there is nothing to stop or save.
      if (pending === 0) return false;
      run.decidedAfter = settled;
      return true;
    },
    finish(results, signal) {
      const state = races.take(signal);
      const first = state?.winner === undefined ? undefined : results[state.winner];
      return {
        winner: first?.ok ? first : results.find((result) => result.ok),
        decidedAfter: state?.decidedAfter,
        hedgeAfterMs: hedged ? (state?.chain?.delayMs ?? hedgeDelay()) : undefined,
      };
    },
  };
  if (hedged) {
    aggregator.gate = (index, signal) => {
      const run = races.get(signal);
      if (!run.chain) {
        run.chain = new HedgeChain(signal, hedgeDelay(), clock);
        // Items that ended before any reached the gate (e.g. refused inputs) must not hold the others back.
        for (const index of run.settled) run.chain.settled(index);
      }
      return run.chain.wait(index);
    };
  }
  return aggregator;
}

/** What one run of {@link firstSuccess} has seen so far. */
interface RaceState {
  /** Input indices with a result, in arrival order. */
  settled: number[];
  winner: number | undefined;
  decidedAfter: number | undefined;
  chain: HedgeChain | undefined;
}

const newRace = (): RaceState => ({ settled: [], winner: undefined, decidedAfter: undefined, chain: undefined });

function remember(latencies: number[], ms: number): void {
  latencies.push(ms);
  if (latencies.length > FIRST_SUCCESS_DEFAULTS.window) latencies.shift();
}

/** Validate the options; the latency quantile to hedge at, when `hedgeAfter` is set. */
function checkOptions(options: FirstSuccessOptions): number | undefined {
  const { hedgeAfterMs, hedgeAfter } = options;
  if (hedgeAfterMs !== undefined && !(Number.isFinite(hedgeAfterMs) && hedgeAfterMs >= 0)) {
    throw new InvalidOptionsError(`firstSuccess: hedgeAfterMs ${hedgeAfterMs} is not a finite number of milliseconds >= 0`);
  }
  if (hedgeAfter === undefined) return undefined;
  if (hedgeAfter === 'p95') return 0.95;
  if (typeof hedgeAfter === 'number' && Number.isFinite(hedgeAfter) && hedgeAfter > 0 && hedgeAfter <= 1) return hedgeAfter;
  throw new InvalidOptionsError(`firstSuccess: hedgeAfter ${String(hedgeAfter)} is neither 'p95' nor a quantile in (0, 1]; e.g. 0.9 hedges at the p90 latency`);
}
