/**
 * HOW: circuit breaker. A provider goes down mid-batch: after 3 failures in a
 * row the circuit opens, the remaining items fail fast with `circuit_open`
 * (no call, no spend) or go to a fallback model; after a pause, one probe
 * finds the provider healthy again and the circuit closes.
 *
 * Run it alone: `npx tsx docs/samples/circuit-breaker.ts`
 */
import { circuitBreaker, dispatch, type AgentContext, type CircuitState } from '@flotilla/core';
import { facts, table, usd } from './format.js';
import { runDirectly } from './run-directly.js';
import { sleep } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Circuit breaker: fail fast, fall back, recover';

/** What {@link run} measured. */
export interface CircuitReport {
  /** Calls that reached the failing provider. */
  providerCalls: number;
  /** Items that failed fast with `circuit_open` (no fallback given). */
  failedFast: number;
  /** Money spent in the run without a fallback, in USD. */
  spentUsd: number;
  /** Money the fail-fast items would have cost at the provider's price, in USD. */
  avoidedUsd: number;
  /** Items answered by the fallback model in the second run. */
  servedByFallback: number;
  /** The breaker's states, in order. */
  transitions: CircuitState[];
  /** Results of the recovery run after the pause. */
  recovered: number;
}

const PRICE_USD = 0.004;
const HALF_OPEN_AFTER_MS = 80;

/** Run a batch against a provider that is down, then again once it is back. */
export async function run(): Promise<CircuitReport> {
  let healthy = false;
  let providerCalls = 0;
  const provider = {
    name: 'extract',
    model: 'sim-large',
    run: async (page: number, ctx: AgentContext) => {
      providerCalls++;
      await sleep(5, ctx.signal);
      ctx.reportCost(PRICE_USD);
      if (!healthy) throw new Error('HTTP 503 from provider');
      return { page, fields: 4 };
    },
  };
  const breaker = circuitBreaker({ consecutiveFailures: 3, halfOpenAfterMs: HALF_OPEN_AFTER_MS });
  const transitions: CircuitState[] = [breaker.state];
  breaker.onStateChange((state) => transitions.push(state));
  const pages = Array.from({ length: 12 }, (_, i) => i + 1);

  const failing = await dispatch({ agent: provider, inputs: pages, circuit: breaker, cache: false, limits: { maxConcurrent: 1 } });
  const failedFast = failing.results.filter((r) => r.error?.code === 'circuit_open').length;

  const withFallback = await dispatch({
    agent: provider,
    fallback: { name: 'extract-small', run: (page: number) => ({ page, fields: 2 }) },
    inputs: pages,
    circuit: breaker,
    cache: false,
  });

  await sleep(HALF_OPEN_AFTER_MS + 20);
  healthy = true;
  const recovery = await dispatch({ agent: provider, inputs: pages, circuit: breaker, cache: false, limits: { maxConcurrent: 1 } });

  return {
    providerCalls,
    failedFast,
    spentUsd: failing.stats.costUsd,
    avoidedUsd: failedFast * PRICE_USD,
    servedByFallback: withFallback.results.filter((r) => r.meta?.fallback).length,
    transitions,
    recovered: recovery.stats.succeeded,
  };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: CircuitReport): string {
  return `${report.failedFast} items failed fast (${usd(report.avoidedUsd)} not spent), ${report.servedByFallback} served by the fallback, ${report.recovered} after recovery`;
}

/** The report as text. */
export function render(report: CircuitReport): string[] {
  return [
    ...facts([
      ['states', report.transitions.join(' -> ')],
      ['provider calls', `${report.providerCalls} in all three runs`],
    ]),
    '',
    ...table(
      [
        ['provider down, no fallback', `${report.failedFast} of 12 failed fast with circuit_open`, `${usd(report.spentUsd)} spent, ${usd(report.avoidedUsd)} avoided`],
        ['provider down, fallback', `${report.servedByFallback} of 12 answered by the small model`, 'answers marked meta.fallback, never cached'],
        ['provider back', `${report.recovered} of 12 succeeded`, 'one probe closed the circuit'],
      ],
      { header: ['run', 'outcome', 'money'] },
    ),
  ];
}

await runDirectly(import.meta.url, { title, run, render });
