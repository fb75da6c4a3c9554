import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, memoryLedger, type AgentDefinition, type DispatchEvent, type WarningEvent } from '../../src/index.js';
import { delay } from '../helpers.js';

const warnings = (events: DispatchEvent[]) => events.filter((event): event is WarningEvent => event.type === 'warning');

describe('the budget cap, for agents that under-reserve', () => {
  it('an agent that reports more than it holds stops the run at once; the overshoot is reported, and named in a warning', async () => {
    const events: DispatchEvent[] = [];
    const run = await dispatch({
      agent: {
        name: 'pricey',
        run: async (_: number, ctx) => {
          await delay(2);
          ctx.reportCost(0.03);
        },
      },
      inputs: Array.from({ length: 40 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.1, costPerAgentUsd: 0.01, maxConcurrent: 10 },
      onEvent: (event) => events.push(event),
    });
    expect(run.stopReason).toBe('budget');
    // Ten agents held $0.01 each when they all spent $0.03: $0.20 past the cap, all of it in flight.
    expect(run.stats.costUsd).toBeCloseTo(0.3, 9);
    expect(run.stats.overshootUsd).toBeCloseTo(0.2, 9);
    expect(run.stats.agentCalls).toBe(10);
    const overshoot = warnings(events).filter((w) => w.code === 'budget_overshoot');
    expect(overshoot.length).toBeGreaterThan(0);
    expect(overshoot[0]!.message).toMatch(/agent "pricey" \(input \d+\) reported \$0\.03 while holding \$0\.01/);
  });

  it('overshootUsd is 0, and present, when every agent spends within its reservation', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx) => ctx.reportCost(0.01),
      inputs: Array.from({ length: 20 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.1, costPerAgentUsd: 0.01 },
    });
    expect(run.stats.overshootUsd).toBe(0);
    expect(run.stats.costUsd).toBeCloseTo(0.1, 9);
    const uncapped = await dispatch({ agent: () => 1, inputs: [1], cache: false });
    expect(uncapped.stats.overshootUsd).toBeUndefined();
  });

  it('with a cap but no reservation size, the first agent runs alone until its cost is known, then each start reserves the highest cost seen', async () => {
    const events: DispatchEvent[] = [];
    let running = 0;
    let peakBeforeFirstSettled = 0;
    let settled = 0;
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        running++;
        if (settled === 0) peakBeforeFirstSettled = Math.max(peakBeforeFirstSettled, running);
        await delay(3);
        ctx.reportCost(0.0007);
        running--;
        settled++;
      },
      inputs: Array.from({ length: 10 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.002, maxConcurrent: 10 },
      onEvent: (event) => events.push(event),
    });
    // Before: every reservation was $0 and all ten ran, spending $0.007 of a $0.002 budget.
    expect(peakBeforeFirstSettled).toBe(1);
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.002 + 1e-12);
    expect(run.stats.overshootUsd).toBe(0);
    expect(run.stopReason).toBe('budget');
    expect(warnings(events).filter((w) => w.code === 'budget_unreserved')).toHaveLength(1);
  });

  it("reserves the agent's estimateCostUsd before it starts, so the cap holds by construction", async () => {
    const seen: Array<[number, string | undefined]> = [];
    const agent: AgentDefinition<{ n: number }, number> = {
      name: 'estimated',
      estimateCostUsd: (input, prompt) => {
        seen.push([input.n, prompt]);
        return 0.02;
      },
      run: async ({ n }, ctx) => {
        await delay(2);
        ctx.reportCost(0.015);
        return n;
      },
    };
    const events: DispatchEvent[] = [];
    const run = await dispatch({ agent, inputs: [1, 2, 3, 4, 5].map((n) => ({ n })), template: 'n={n}', cache: false, limits: { maxTotalCostUsd: 0.05, maxConcurrent: 5 }, onEvent: (e) => events.push(e) });
    // $0.02 each: two fit at once; after those, $0.03 spent leaves room for one more.
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.05);
    expect(run.stats.overshootUsd).toBe(0);
    expect(seen[0]).toEqual([1, 'n=1']);
    expect(warnings(events).some((w) => w.code === 'budget_unreserved')).toBe(false);
  });

  it('an estimate that throws or is not an amount fails that item with a clear error, nothing starts', async () => {
    let calls = 0;
    const run = await dispatch({
      agent: {
        name: 'bad-estimate',
        estimateCostUsd: (n: number) => (n === 0 ? Number.NaN : n === 1 ? -1 : 0.01),
        run: () => ++calls,
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 1 },
    });
    expect(run.results.map((r) => r.ok)).toEqual([false, false, true]);
    expect(run.results[0]!.error?.message).toMatch(/estimateCostUsd of agent "bad-estimate" must return a finite number of USD/);
    expect(calls).toBe(1);
  });

  it('property: overshoot is 0 when agents spend within their reservations, else bounded by their excess; costUsd is the sum reported', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxConcurrent: fc.integer({ min: 1, max: 6 }),
          capCents: fc.integer({ min: 1, max: 40 }),
          perAgentCents: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
          estimateCents: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
          items: fc.array(fc.record({ cents: fc.integer({ min: 0, max: 12 }), ms: fc.integer({ min: 0, max: 3 }), reports: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 14 }),
        }),
        async ({ maxConcurrent, capCents, perAgentCents, estimateCents, items }) => {
          const cap = capCents / 100;
          const perAgent = perAgentCents === undefined ? undefined : perAgentCents / 100;
          const estimate = estimateCents === undefined ? undefined : estimateCents / 100;
          const floor = Math.max(perAgent ?? 0, estimate ?? 0);
          let reported = 0;
          let excess = 0;
          const ledger = memoryLedger({ capUsd: cap });
          const run = await dispatch({
            agent: {
              name: 'random',
              ...(estimate === undefined ? {} : { estimateCostUsd: () => estimate }),
              run: async (i: number, ctx) => {
                const { cents, ms, reports } = items[i]!;
                const usd = cents / 100;
                excess += Math.max(0, usd - floor);
                for (let part = 0; part < reports; part++) {
                  if (ms) await delay(ms);
                  ctx.reportCost(usd / reports);
                  reported += usd / reports;
                }
              },
            },
            inputs: items.map((_, i) => i),
            cache: false,
            ledger,
            limits: { maxConcurrent, costPerAgentUsd: perAgent },
          });
          expect(run.stats.costUsd).toBeCloseTo(reported, 9);
          const spent = (await ledger.snapshot()).spentUsd;
          expect(spent).toBeCloseTo(reported, 6);
          if (excess === 0) {
            expect(run.stats.overshootUsd).toBe(0);
            expect(spent).toBeLessThanOrEqual(cap + 1e-9);
          } else {
            expect(run.stats.overshootUsd!).toBeLessThanOrEqual(excess + 1e-9);
          }
          expect(run.results).toHaveLength(items.length);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('the first agent of an unreserved budget', () => {
  it('a probe agent that never settles does not hold back the rest of the run once it is cut', async () => {
    const run = await dispatch({
      agent: async (n: number, ctx) => {
        if (n === 0) await new Promise(() => undefined); // never settles, ignores its signal
        ctx.reportCost(0.001);
        return n;
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 1, agentTimeoutMs: 20, timeoutGraceMs: 20 },
    });
    expect(run.results.map((r) => r.ok)).toEqual([false, true, true]);
  });
});
