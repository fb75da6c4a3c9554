import { LatencyHistogram } from './latency-histogram.js';
import type { AgentResult, DispatchStats, LatencyStats } from '../types.js';

/** What a run knows besides its results, for {@link StatsRecorder.snapshot}. */
export interface RunFigures {
  /** USD reserved per agent, pricing what a `decided` stop saved. */
  reservedPerAgentUsd?: number | undefined;
  /** Most agents running at once. */
  peakConcurrency?: number;
  /** Agents released by the grace period while still running. */
  leakedAgents?: number;
  /** `false` when a stop left a lazy source unread. */
  sourceExhausted?: boolean;
}

/** Accumulates the counters of one run as results arrive. Unstable, for adapters (exported for `@flotilla/redis`; moving to `@flotilla/core/internal`). */
export class StatsRecorder {
  private total = 0;
  private succeeded = 0;
  private failed = 0;
  private cached = 0;
  private skipped = 0;
  private costUsd = 0;
  private decided = 0;
  // Work running elsewhere (distributed jobs), for runs without local slots.
  private remoteRunning = 0;
  private remotePeak = 0;
  private readonly latencies = new LatencyHistogram();
  /** Agent executions so far, attempts included. */
  agentCalls = 0;

  /** An agent execution began. */
  agentStarted(): void {
    this.agentCalls++;
  }

  /** An agent execution produced its outcome after `durationMs`. */
  agentEnded(durationMs: number): void {
    this.latencies.record(durationMs);
  }

  /**
   * Work began elsewhere (a distributed job went active on some worker):
   * counts toward `peakConcurrency` only. Unstable, for adapters.
   */
  remoteStarted(): void {
    this.remoteRunning++;
    if (this.remoteRunning > this.remotePeak) this.remotePeak = this.remoteRunning;
  }

  /** Work that {@link StatsRecorder.remoteStarted} counted ended. Unstable, for adapters. */
  remoteEnded(): void {
    if (this.remoteRunning > 0) this.remoteRunning--;
  }

  /**
   * An item ran elsewhere with `attempts` agent executions taking
   * `durationMs` in all: counts the calls and the latency. Unstable, for adapters.
   */
  remoteRan(attempts: number, durationMs: number): void {
    if (attempts <= 0) return;
    this.agentCalls += attempts;
    this.latencies.record(durationMs);
  }

  /** An agent reported spending `usd` (counted even when it reports after its result). */
  addCost(usd: number): void {
    this.costUsd += usd;
  }

  /** A result was produced; `skipped` when its item never ran. */
  recordResult(result: AgentResult, skipped: boolean): void {
    this.total++;
    if (result.ok) this.succeeded++;
    else this.failed++;
    if (result.cached) this.cached++;
    if (skipped) this.skipped++;
    if (result.error?.code === 'decided') this.decided++;
  }

  /**
   * The counters as of now. `reservedPerAgentUsd` prices what a `decided`
   * stop saved; the concurrency figures and `sourceExhausted` come from the
   * run's slots and input source.
   */
  snapshot(wallMs: number, run: RunFigures = {}): DispatchStats {
    const { reservedPerAgentUsd } = run;
    const perItem = reservedPerAgentUsd ?? (this.agentCalls === 0 ? 0 : this.costUsd / this.agentCalls);
    return {
      total: this.total,
      succeeded: this.succeeded,
      failed: this.failed,
      cached: this.cached,
      skipped: this.skipped,
      agentCalls: this.agentCalls,
      costUsd: this.costUsd,
      savedUsd: this.decided * perItem,
      wallMs,
      peakConcurrency: run.peakConcurrency ?? this.remotePeak,
      leakedAgents: run.leakedAgents ?? 0,
      sourceExhausted: run.sourceExhausted ?? true,
      latencyMs: this.latencies.percentiles(),
    };
  }
}

/**
 * Nearest-rank percentiles of `samples`, in their unit; all zero when empty.
 *
 * @example
 * ```ts
 * percentiles([120, 80, 95, 300, 101]); // { p50: 101, p90: 300, p95: 300, p99: 300, max: 300 }
 * ```
 */
export function percentiles(samples: readonly number[]): LatencyStats {
  if (samples.length === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  // A typed array sorts numerically in native code, several times faster than a comparator.
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
