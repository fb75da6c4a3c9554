import { describe, expect, it } from 'vitest';
import { carvedLedger, dispatch, LateCostReportError, memoryLedger, type DispatchEvent } from '../../src/index.js';
import { delay } from '../helpers.js';

describe('nested dispatch and late cost reports', () => {
  it('a nested run never spends past its own cap, however its agents report', async () => {
    const spent: number[] = [];
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        const child = await ctx.dispatch({
          agent: async (_: number, inner) => {
            await delay(1);
            inner.reportCost(0.005);
            spent.push(0.005);
          },
          inputs: [0, 1, 2, 3],
          cache: false,
          limits: { maxTotalCostUsd: 0.01, maxConcurrent: 4 },
        });
        return child.stats.costUsd;
      },
      inputs: [0],
      cache: false,
      limits: { maxTotalCostUsd: 1, costPerAgentUsd: 0.5 },
    });
    // Before: the carved ledger granted $0 reservations with its cap spent, and $0.015 was spent.
    expect(spent.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(0.01 + 1e-12);
    expect(run.results[0]!.value).toBeLessThanOrEqual(0.01 + 1e-12);
  });

  it('a child agent that ignores its signal and settles after its parent timed out still pays into the ledger', async () => {
    const ledger = memoryLedger({ capUsd: 0.2 });
    let realSpend = 0;
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await ctx.dispatch({
          agent: async (_: number, inner) => {
            await delay(60); // ignores inner.signal
            inner.reportCost(0.1);
            realSpend += 0.1;
          },
          inputs: [0, 1, 2, 3, 4],
          cache: false,
          limits: { maxConcurrent: 5, costPerAgentUsd: 0.04 },
        });
      },
      inputs: [0],
      cache: false,
      ledger,
      limits: { costPerAgentUsd: 0.2, agentTimeoutMs: 20 },
    });
    expect(run.results[0]!.error?.code).toBe('timeout');
    await delay(150);
    expect(realSpend).toBeGreaterThan(0);
    // Before: the ledger saw $0 of the $0.5 really spent.
    const snapshot = await ledger.snapshot();
    expect(snapshot.spentUsd).toBeCloseTo(realSpend, 9);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it('a cost reported after the agent settled is refused with a clear error and a warning, never lost silently', async () => {
    const events: DispatchEvent[] = [];
    let late: unknown;
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        setTimeout(() => {
          try {
            ctx.reportCost(0.01);
          } catch (error) {
            late = error;
          }
        }, 5);
        return 'done';
      },
      inputs: [0],
      cache: false,
      limits: { maxTotalCostUsd: 1, costPerAgentUsd: 0.1 },
      onEvent: (event) => events.push(event),
    });
    await delay(30);
    expect(run.results[0]!.ok).toBe(true);
    expect(LateCostReportError.isInstance(late)).toBe(true);
    expect((late as Error).message).toMatch(/after it had settled with the budget/);
    expect(events.some((e) => e.type === 'warning' && e.code === 'late_cost_report')).toBe(true);
  });

  it('a result carries its real attempts and cost whatever failed after the agent paid', async () => {
    const run = await dispatch({
      agent: async (n: number, ctx) => {
        ctx.reportCost(0.01);
        if (n === 0) throw Object.create(null);
        if (n === 1) {
          const hostile = { toString: () => { throw new Error('no'); } };
          throw hostile;
        }
        let deep: unknown = 'leaf';
        for (let i = 0; i < 20_000; i++) deep = { next: deep };
        return deep;
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 1, costPerAgentUsd: 0.01 },
    });
    for (const result of run.results) {
      expect(result.attempts).toBe(1);
      expect(result.costUsd).toBeCloseTo(0.01, 9);
    }
    expect(run.results[0]!.error?.code).toBe('agent_error');
    expect(run.results[1]!.error?.message).toMatch(/cannot be printed/);
  });

  it('carvedLedger refuses a zero-amount reservation once its cap is spent', async () => {
    const parent = { carve: async () => undefined, repay: () => undefined };
    const ledger = carvedLedger(parent, 0.01);
    const id = await ledger.reserve(0.01);
    await ledger.commit(id!, 0.01);
    expect(await ledger.reserve(0)).toBeUndefined();
  });
});
