/**
 * HOW: quota protection. A dispatch that would spend $10 (200 agents x $0.05)
 * is held to a $0.05 cap: every agent reserves its cost before it starts, so
 * the cap is never overshot. Also shows the predecessor's failing case (ten
 * $0.02 agents under a $0.05 cap) and `preflight`, which refuses up front.
 *
 * Run it alone: `npx tsx docs/samples/quota.ts`
 */
import { dispatch, PreflightError, type DispatchRun, type StopReason } from '@flotilla/core';
import { facts, ms, plural, usd } from './format.js';
import { runDirectly } from './run-directly.js';
import { MODELS, simulatedAgent, usdFor } from './simulated-agent.js';

/** Title of this sample in the demo. */
export const title = 'Quota protection: a $10 dispatch held to a $0.05 cap';

/** Options of {@link run}. */
export interface QuotaOptions {
  /** Inputs of the big run (default 200). */
  inputs?: number;
  /** The cap, in USD (default 0.05). */
  capUsd?: number;
}

/** One capped run. */
export interface CappedRun {
  /** Inputs sent. */
  inputs: number;
  /** What each agent costs (and reserves), in USD. */
  perAgentUsd: number;
  /** inputs x perAgentUsd: what the run would spend without a cap, in USD. */
  wouldSpendUsd: number;
  /** The cap, in USD. */
  capUsd: number;
  /** What the agents reported spending, in USD. */
  spentUsd: number;
  /** Agents that ran. */
  agentsRan: number;
  /** Items that never started. */
  skipped: number;
  /** Items whose result carries `budget_exhausted`. */
  budgetExhausted: number;
  /** Why the run ended. */
  stopReason: StopReason;
  /** The engine's explanation of the stop. */
  stopMessage: string | undefined;
  /** Wall time, in milliseconds. */
  wallMs: number;
}

/** What {@link run} measured. */
export interface QuotaReport {
  /** The $10 dispatch under the $0.05 cap. */
  big: CappedRun;
  /** The predecessor's case: ten $0.02 agents under a $0.05 cap (ToolWeaver spent $0.20 and reported $0.04). */
  predecessorCase: CappedRun;
  /** The error `preflight: true` raises for the big run before anything starts. */
  preflightMessage: string;
  /** Agent calls made by the preflight attempt (0: it refuses before running anything). */
  preflightAgentCalls: number;
}

/** Token counts that make one call of orca-large cost exactly `usd`: a quarter on the prompt, the rest on the answer. */
function tokensFor(usd: number) {
  const profile = MODELS['orca-large'];
  return {
    inputTokens: Math.round((usd / 4) * 1e6 / profile.inputUsdPerMTok),
    outputTokens: Math.round(((usd * 3) / 4) * 1e6 / profile.outputUsdPerMTok),
  };
}

function summarizer(perAgentUsd: number) {
  const { inputTokens, outputTokens } = tokensFor(perAgentUsd);
  return simulatedAgent<{ doc: number }, string>({
    name: 'long-summarizer',
    profile: MODELS['orca-large'],
    latencyMs: 30,
    inputTokens,
    outputTokens,
    answer: ({ doc }) => `summary of document ${doc}`,
  });
}

async function cappedRun(inputs: number, perAgentUsd: number, capUsd: number): Promise<CappedRun> {
  const agent = summarizer(perAgentUsd);
  const { inputTokens, outputTokens } = tokensFor(perAgentUsd);
  const cost = usdFor(MODELS['orca-large'], inputTokens, outputTokens);
  let stopMessage: string | undefined;
  const run: DispatchRun<{ doc: number }, string> = await dispatch({
    agent,
    inputs: Array.from({ length: inputs }, (_, doc) => ({ doc })),
    limits: { maxConcurrent: 10, maxTotalCostUsd: capUsd, costPerAgentUsd: cost },
    cache: false,
    onEvent: (event) => {
      if (event.type === 'stop') stopMessage = event.message;
    },
  });
  return {
    inputs,
    perAgentUsd: cost,
    wouldSpendUsd: inputs * cost,
    capUsd,
    spentUsd: run.stats.costUsd,
    agentsRan: run.stats.agentCalls,
    skipped: run.stats.skipped,
    budgetExhausted: run.results.filter((result) => result.error?.code === 'budget_exhausted').length,
    stopReason: run.stopReason,
    stopMessage,
    wallMs: run.stats.wallMs,
  };
}

/** Run the capped dispatches and the preflight refusal. */
export async function run(options: QuotaOptions = {}): Promise<QuotaReport> {
  const inputs = options.inputs ?? 200;
  const capUsd = options.capUsd ?? 0.05;
  const big = await cappedRun(inputs, 0.05, capUsd);
  const predecessorCase = await cappedRun(10, 0.02, 0.05);

  const agent = summarizer(0.05);
  let preflightMessage = 'preflight did not refuse the run';
  try {
    await dispatch({
      agent,
      inputs: Array.from({ length: inputs }, (_, doc) => ({ doc })),
      limits: { maxTotalCostUsd: capUsd, costPerAgentUsd: big.perAgentUsd, preflight: true },
      cache: false,
    });
  } catch (error) {
    if (!(error instanceof PreflightError)) throw error;
    preflightMessage = error.message;
  }
  return { big, predecessorCase, preflightMessage, preflightAgentCalls: agent.calls };
}

/** The outcome in one line, for the demo's summary. */
export function headline(report: QuotaReport): string {
  return `spent ${usd(report.big.spentUsd)} of a ${usd(report.big.capUsd)} cap (not ${usd(report.big.wouldSpendUsd)}), ${report.big.agentsRan}/${report.big.inputs} ran, stop '${report.big.stopReason}'`;
}

/** The report as text. */
export function render(report: QuotaReport): string[] {
  const { big, predecessorCase: small } = report;
  return facts([
    ['would spend', `${usd(big.wouldSpendUsd)} (${big.inputs} agents x ${usd(big.perAgentUsd)})`],
    ['cap', usd(big.capUsd)],
    ['spent', `${usd(big.spentUsd)} (<= cap: ${big.spentUsd <= big.capUsd + 1e-12 ? 'yes' : 'NO'}), ${plural(big.agentsRan, 'agent')} ran in ${ms(big.wallMs)}`],
    ['stopped', `stopReason '${big.stopReason}'; ${big.budgetExhausted} items got budget_exhausted, ${big.skipped} never started`],
    ['why', big.stopMessage ?? '(no stop)'],
    ['old bug', `10 agents x ${usd(small.perAgentUsd)} under ${usd(small.capUsd)}: ${small.agentsRan} ran, spent ${usd(small.spentUsd)} (ToolWeaver: spent $0.20, reported $0.04)`],
    ['preflight', `refused before any agent ran (${report.preflightAgentCalls} calls): ${report.preflightMessage}`],
  ]);
}

await runDirectly(import.meta.url, { title, run, render });
