import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BudgetExhaustedError, dispatch, memoryLedger, PreflightError } from '../src/index.js';
import { delay } from './helpers.js';

describe('budget', () => {
  it('holds ten $0.02 agents to a $0.05 cap (the predecessor spent $0.20)', async () => {
    let calls = 0;
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        calls++;
        await delay(5);
        ctx.reportCost(0.02);
        return 'ok';
      },
      inputs: Array.from({ length: 10 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.05, costPerAgentUsd: 0.02 },
    });
    expect(calls).toBe(2);
    expect(run.stats.costUsd).toBeCloseTo(0.04, 10);
    expect(run.stopReason).toBe('budget');
    expect(run.results.filter((r) => r.ok)).toHaveLength(2);
    expect(run.results.slice(2).every((r) => r.error?.code === 'budget_exhausted')).toBe(true);
    expect(run.results[2]!.error!.message).toMatch(/raise maxTotalCostUsd or lower costPerAgentUsd/);
    expect(run.stats.skipped).toBe(8);
  });

  it('lets agents whose reservation was granted finish when the budget runs out', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await delay(20, ctx.signal);
        ctx.reportCost(0.01);
        return 'done';
      },
      inputs: [0, 1, 2, 3, 4],
      cache: false,
      limits: { maxTotalCostUsd: 0.03, costPerAgentUsd: 0.01, maxConcurrent: 5 },
    });
    expect(run.results.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(run.results.slice(3).map((r) => r.error?.code)).toEqual(['budget_exhausted', 'budget_exhausted']);
    expect(run.stats.costUsd).toBeCloseTo(0.03, 10);
  });

  it('returns the unspent part of a reservation so later agents can use it', async () => {
    const run = await dispatch({
      agent: (_: number, ctx) => ctx.reportCost(0.01),
      inputs: Array.from({ length: 10 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.1, costPerAgentUsd: 0.05, maxConcurrent: 1 },
    });
    // Each agent holds $0.05 but spends $0.01: returning the rest lets 6 agents run, not 2.
    expect(run.stats.agentCalls).toBe(6);
    expect(run.stats.costUsd).toBeCloseTo(0.06, 10);
  });

  it('ctx.reserve extends the reservation or rejects with a budget error', async () => {
    const outcomes: string[] = [];
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        try {
          await ctx.reserve(0.04);
          ctx.reportCost(0.02);
          outcomes.push('granted');
        } catch (error) {
          outcomes.push(error instanceof BudgetExhaustedError ? 'refused' : 'other');
          ctx.reportCost(0.01);
        }
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 0.07, costPerAgentUsd: 0.01, maxConcurrent: 1 },
    });
    // The second start reserves $0.02 (the highest cost seen), and $0.02 spent + $0.02 + $0.04 > $0.07.
    // A final refusal means the budget cannot cover a reservation: the run stops, as it would at admission.
    expect(outcomes).toEqual(['granted', 'refused']);
    expect(run.stopReason).toBe('budget');
    expect(run.results[2]!.error?.code).toBe('budget_exhausted');
    expect(run.stats.costUsd).toBeLessThanOrEqual(0.07);
  });

  it('ctx.reserve waits for money held by running agents instead of failing, and never deadlocks', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await ctx.reserve(0.04); // worst case, like a provider call
        await delay(5);
        ctx.reportCost(0.01); // actual
        return 'ok';
      },
      inputs: Array.from({ length: 8 }, (_, i) => i),
      cache: false,
      limits: { maxTotalCostUsd: 0.12, maxConcurrent: 4 },
    });
    // At most three $0.04 holds fit at once; the others wait for them to settle rather than fail.
    expect(run.results.every((r) => r.ok)).toBe(true);
    expect(run.stats.costUsd).toBeCloseTo(0.08, 10);
  });

  it('never waits for money held by an agent that was cut and ignores its signal', async () => {
    const begin = performance.now();
    const run = await dispatch({
      agent: async (n: number) => {
        if (n === 0) await new Promise(() => undefined); // hangs forever, holding its reservation
        return n;
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 0.1, costPerAgentUsd: 0.1, maxConcurrent: 3, agentTimeoutMs: 30 },
    });
    expect(performance.now() - begin).toBeLessThan(1000);
    expect(run.results[0]!.error?.code).toBe('timeout');
    expect(run.results.slice(1).map((r) => r.error?.code)).toEqual(['budget_exhausted', 'budget_exhausted']);
  });

  it('ctx.reserve still fails when no running agent can return enough money', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await ctx.reserve(0.2);
        return 'unreachable';
      },
      inputs: [0, 1, 2],
      cache: false,
      limits: { maxTotalCostUsd: 0.1, maxConcurrent: 3 },
    });
    expect(run.results.map((r) => r.error?.code)).toEqual(['budget_exhausted', 'budget_exhausted', 'budget_exhausted']);
  });

  it('a reservation of an agent cut by its timeout stays held until the agent settles', async () => {
    const ledger = memoryLedger({ capUsd: 1 });
    let release!: () => void;
    const settled = new Promise<void>((resolve) => (release = resolve));
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await settled;
        ctx.reportCost(0.2);
      },
      inputs: [0],
      cache: false,
      ledger,
      limits: { costPerAgentUsd: 0.5, agentTimeoutMs: 10 },
    });
    expect(run.results[0]!.error?.code).toBe('timeout');
    expect(await ledger.snapshot()).toMatchObject({ reservedUsd: 0.5, spentUsd: 0 });
    release();
    await delay(5);
    expect(await ledger.snapshot()).toMatchObject({ reservedUsd: 0, spentUsd: 0.2 });
  });

  it('reserves the highest cost seen so far, so an agent that once spent past costPerAgentUsd cannot overshoot the cap later', async () => {
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await delay(2);
        ctx.reportCost(0.3);
      },
      inputs: [0, 1, 2, 3],
      cache: false,
      limits: { maxTotalCostUsd: 0.5, costPerAgentUsd: 0.1, maxConcurrent: 1 },
    });
    // The first overrun fits (0.3 <= 0.5); the second start reserves $0.3, which does not fit: nothing further starts.
    expect(run.stopReason).toBe('budget');
    expect(run.stats.agentCalls).toBe(1);
    expect(run.stats.overshootUsd).toBe(0);
    expect(run.results.slice(2).every((r) => r.error?.code === 'budget_exhausted')).toBe(true);
  });

  it('preflight refuses a run that cannot fit, saying by how much, before anything runs', async () => {
    let calls = 0;
    const attempt = dispatch({
      agent: () => ++calls,
      inputs: Array.from({ length: 200 }, (_, i) => i),
      limits: { preflight: true, maxTotalCostUsd: 0.05, costPerAgentUsd: 0.05 },
    });
    await expect(attempt).rejects.toBeInstanceOf(PreflightError);
    await expect(attempt).rejects.toThrow('200 inputs x $0.05 per agent = $10 exceeds the budget of $0.05 by $9.95');
    await expect(
      dispatch({ agent: () => 1, inputs: [1, 2, 3], limits: { preflight: true, maxTotalAgents: 2 } }),
    ).rejects.toThrow('3 inputs exceed maxTotalAgents 2 by 1');
    expect(calls).toBe(0);
  });

  it('never spends past the cap under random costs, latencies, reservations and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cap: fc.double({ min: 0.001, max: 1, noNaN: true }),
          perAgent: fc.double({ min: 0.0001, max: 0.3, noNaN: true }),
          concurrency: fc.integer({ min: 1, max: 12 }),
          jobs: fc.array(
            fc.record({
              latency: fc.integer({ min: 0, max: 4 }),
              costShare: fc.double({ min: 0, max: 1, noNaN: true }),
              extra: fc.double({ min: 0, max: 0.2, noNaN: true }),
              fail: fc.boolean(),
            }),
            { maxLength: 40 },
          ),
        }),
        async ({ cap, perAgent, concurrency, jobs }) => {
          const ledger = memoryLedger({ capUsd: cap });
          const run = await dispatch({
            agent: async (job: (typeof jobs)[number], ctx) => {
              await delay(job.latency);
              ctx.reportCost(perAgent * job.costShare);
              // An expensive step reserves before it spends.
              if (job.extra > 0.1) {
                await ctx.reserve(job.extra);
                await delay(job.latency);
                ctx.reportCost(job.extra);
              }
              if (job.fail) throw new Error('flaky');
              return job.latency;
            },
            inputs: jobs,
            cache: false,
            ledger,
            limits: { costPerAgentUsd: perAgent, maxConcurrent: concurrency },
          });
          const snapshot = await ledger.snapshot();
          expect(run.results).toHaveLength(jobs.length);
          expect(run.stats.costUsd).toBeLessThanOrEqual(cap + 1e-9);
          expect(snapshot.spentUsd).toBeLessThanOrEqual(cap + 1e-9);
          expect(snapshot.reservedUsd).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
