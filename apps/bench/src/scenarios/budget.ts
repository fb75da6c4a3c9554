/**
 * Scenario 5, budget accuracy: many randomized runs (seeded, so they replay)
 * with random caps, reservations, actual costs, extensions and concurrency.
 * Counts runs whose reported spend went past the cap (must be 0) and how much
 * of the cap a budget-stopped run used. Beside it, the predecessor's policy
 * (check the cap only after each agent finishes) on the same draws.
 */
import pLimit from 'p-limit';
import type { AgentContext } from '@flotilla/core';
import { core } from '../lib/core.js';
import { size } from '../lib/mode.js';
import { intBetween, mulberry32 } from '../lib/prng.js';
import type { Check, ScenarioReport } from '../lib/protocol.js';
import { progress, runScenario } from '../lib/scenario.js';
import { count, median, quantile } from '../lib/stats.js';

const RUNS = size(10_000, 300);
const SEED = 20_240_601;
/** Float tolerance on a sum of reported USD amounts. */
const EPSILON = 1e-9;

/** One randomized run, drawn from the PRNG. */
interface Draw {
  capUsd: number;
  perAgentUsd: number;
  k: number;
  n: number;
  /** Per agent: the fraction of its reservation it spends, whether it asks for more, how much, and how it yields. */
  agents: { spend: number; extend: boolean; extra: number; yields: 0 | 1 | 2 }[];
}

function draw(random: () => number): Draw {
  const capUsd = 0.01 * Math.pow(100, random()); // $0.01 .. $1, log-uniform
  const perAgentUsd = capUsd * (0.01 + 0.3 * random());
  const n = intBetween(random, 5, 80);
  return {
    capUsd,
    perAgentUsd,
    k: intBetween(random, 1, 32),
    n,
    agents: Array.from({ length: n }, () => ({
      spend: 0.3 + 0.7 * random(),
      extend: random() < 0.2,
      extra: perAgentUsd * random(),
      yields: intBetween(random, 0, 2) as 0 | 1 | 2,
    })),
  };
}

function pause(kind: 0 | 1 | 2): Promise<void> | undefined {
  if (kind === 1) return Promise.resolve();
  if (kind === 2) return new Promise((resolve) => setImmediate(resolve));
  return undefined;
}

/** Flotilla: reserve before start, extend with ctx.reserve, report what was spent. Returns the USD reported. */
async function flotillaRun(run: Draw): Promise<{ spentUsd: number; stopReason: string }> {
  let spentUsd = 0;
  const result = await core.dispatch({
    agent: async (index: number, ctx: AgentContext) => {
      const plan = run.agents[index]!;
      await pause(plan.yields);
      let allowed = run.perAgentUsd;
      if (plan.extend) {
        try {
          await ctx.reserve(plan.extra);
          allowed += plan.extra;
        } catch {
          // Refused: the agent stays within what it already holds.
        }
      }
      const cost = allowed * plan.spend;
      // Report in two parts, as a streaming provider would.
      ctx.reportCost(cost / 2);
      await pause(plan.yields);
      ctx.reportCost(cost / 2);
      spentUsd += cost;
      return cost;
    },
    inputs: Array.from({ length: run.n }, (_, index) => index),
    cache: false,
    limits: { maxConcurrent: run.k, maxTotalCostUsd: run.capUsd, costPerAgentUsd: run.perAgentUsd },
  });
  return { spentUsd, stopReason: result.stopReason };
}

/** The predecessor's policy on the same draw: check the cap before starting, count the cost only when an agent finishes. */
async function checkAfterRun(run: Draw): Promise<number> {
  let spentUsd = 0;
  const limit = pLimit(run.k);
  await Promise.all(
    run.agents.map((plan) =>
      limit(async () => {
        if (spentUsd >= run.capUsd) return;
        await pause(plan.yields);
        const cost = (run.perAgentUsd + (plan.extend ? plan.extra : 0)) * plan.spend;
        await pause(plan.yields);
        spentUsd += cost;
      }),
    ),
  );
  return spentUsd;
}

async function measure(): Promise<ScenarioReport> {
  const random = mulberry32(SEED);
  let overshoots = 0;
  let worstOverUsd = 0;
  let predecessorOvershoots = 0;
  let predecessorWorstRatio = 0;
  const usedWhenStopped: number[] = [];
  const reasons = new Map<string, number>();
  for (let index = 0; index < RUNS; index++) {
    const run = draw(random);
    const { spentUsd, stopReason } = await flotillaRun(run);
    reasons.set(stopReason, (reasons.get(stopReason) ?? 0) + 1);
    if (spentUsd > run.capUsd + EPSILON) {
      overshoots++;
      worstOverUsd = Math.max(worstOverUsd, spentUsd - run.capUsd);
    }
    if (stopReason === 'budget') usedWhenStopped.push(spentUsd / run.capUsd);
    const predecessor = await checkAfterRun(run);
    if (predecessor > run.capUsd + EPSILON) {
      predecessorOvershoots++;
      predecessorWorstRatio = Math.max(predecessorWorstRatio, predecessor / run.capUsd);
    }
    if ((index + 1) % Math.max(1, Math.floor(RUNS / 4)) === 0) progress(`${count(index + 1)} runs, ${overshoots} overshoots`);
  }
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
  const checks: Check[] = [
    { label: 'runs that spent past the cap', target: '0', measured: String(overshoots), pass: overshoots === 0, timing: false },
  ];
  const stopped = usedWhenStopped.length;
  return {
    id: 'budget',
    title: 'Budget accuracy',
    method: [
      `${count(RUNS)} randomized runs from a seeded PRNG (mulberry32, seed ${SEED}): cap $0.01-$1 (log-uniform), \`costPerAgentUsd\` 1-31% of the cap, k = 1-32, 5-80 inputs.`,
      'Each agent yields (none, a microtask or a macrotask), asks for more budget with `ctx.reserve()` one time in five, then reports 30-100% of what it holds in two `ctx.reportCost()` calls.',
      'Spend is what the agents reported, summed by the bench itself. The predecessor row replays the same draws with its policy: check the cap before each start, add each cost when the agent finishes.',
    ],
    tables: [
      {
        columns: ['policy', 'runs past the cap', 'worst overshoot'],
        rows: [
          ['Flotilla (reserve before start)', `${count(overshoots)} of ${count(RUNS)}`, overshoots === 0 ? '-' : `$${worstOverUsd.toFixed(6)}`],
          ['check after finish (predecessor)', `${count(predecessorOvershoots)} of ${count(RUNS)}`, predecessorOvershoots === 0 ? '-' : `${predecessorWorstRatio.toFixed(2)}x the cap`],
        ],
      },
      {
        caption: `Share of the cap spent by the ${count(stopped)} Flotilla runs the budget stopped (the rest finished every input within the cap):`,
        columns: ['median', 'p10', 'min', 'max'],
        rows: stopped === 0 ? [['-', '-', '-', '-']] : [[pct(median(usedWhenStopped)), pct(quantile(usedWhenStopped, 0.1)), pct(Math.min(...usedWhenStopped)), pct(Math.max(...usedWhenStopped))]],
      },
      {
        caption: 'How the Flotilla runs ended:',
        columns: ['stop reason', 'runs'],
        rows: [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, runs]) => [reason, count(runs)]),
      },
    ],
    checks,
    notes: [
      'A budget-stopped run leaves unspent money by design: an agent starts only when its whole reservation fits, and agents spend 30-100% of what they reserve, so the last reservations that did not fit and the unspent parts of granted ones stay in the budget.',
    ],
    data: { runs: RUNS, seed: SEED, overshoots, predecessorOvershoots, predecessorWorstRatio, usedWhenStopped: stopped === 0 ? null : { median: median(usedWhenStopped), p10: quantile(usedWhenStopped, 0.1) }, stopReasons: Object.fromEntries(reasons) },
  };
}

await runScenario(measure);
