import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch, sleep, type AgentContext } from '../src/index.js';
import { delay } from './helpers.js';

/** An agent that waits `ms` (abortably) and records whether it was aborted. */
function sleeper(aborted: number[]) {
  return async (ms: number, ctx: AgentContext) => {
    try {
      await delay(ms, ctx.signal);
    } catch (error) {
      aborted.push(ctx.index);
      throw error;
    }
    return ms;
  };
}

describe('stops', () => {
  it('a failure-rate trip starts no new agent, aborts running ones, and keeps finished results', async () => {
    const aborted: number[] = [];
    let started = 0;
    const run = await dispatch({
      agent: async (n: number, ctx) => {
        started++;
        if (n % 2 === 1) {
          await delay(2);
          throw new Error('flaky');
        }
        return sleeper(aborted)(n === 0 ? 1 : 500, ctx);
      },
      inputs: Array.from({ length: 40 }, (_, i) => i),
      cache: false,
      limits: { maxConcurrent: 6, maxFailureRate: 0.4, failureRateMinSamples: 4 },
    });
    expect(run.stopReason).toBe('failure_rate');
    expect(run.results).toHaveLength(40);
    expect(run.results[0]).toMatchObject({ ok: true, value: 1 });
    expect(started).toBeLessThan(40);
    expect(aborted.length).toBeGreaterThan(0);
    for (const index of aborted) expect(run.results[index]!.error!.code).toBe('failure_rate');
    expect(run.results.slice(started).every((r) => r.error?.code === 'failure_rate' && r.attempts === 0)).toBe(true);
    expect(run.stats.skipped).toBe(40 - started);
  });

  it('a deadline aborts running agents and skips the rest, resolving promptly', async () => {
    const aborted: number[] = [];
    const begin = performance.now();
    const run = await dispatch({
      agent: sleeper(aborted),
      inputs: [5, 5000, 5000, 5000, 5000],
      cache: false,
      limits: { maxConcurrent: 2, maxTotalDurationMs: 50 },
    });
    expect(performance.now() - begin).toBeLessThan(1000);
    expect(run.stopReason).toBe('deadline');
    expect(run.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'deadline', 'deadline', 'deadline', 'deadline']);
    expect(run.results[1]!.attempts).toBe(1);
    expect(run.results[2]!.attempts).toBe(1);
    expect(run.results[3]!.attempts).toBe(0);
  });

  it("the caller's abort signal aborts running agents and gives every input a result", async () => {
    const aborted: number[] = [];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const run = await dispatch({ agent: sleeper(aborted), inputs: [5, 5000, 5000, 5000], cache: false, signal: controller.signal, limits: { maxConcurrent: 2 } });
    expect(run.stopReason).toBe('aborted');
    expect(run.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'aborted', 'aborted', 'aborted']);
    expect(aborted).toEqual([1, 2]);
  });

  it('an already aborted signal runs nothing', async () => {
    let calls = 0;
    const run = await dispatch({ agent: () => ++calls, inputs: [1, 2, 3], signal: AbortSignal.abort(), cache: false });
    expect(calls).toBe(0);
    expect(run.stopReason).toBe('aborted');
    expect(run.results.every((r) => r.error?.code === 'aborted')).toBe(true);
  });

  it('a timed-out agent gets its timeout result at the timeout, even if it ignores its signal', async () => {
    let sawAbort = false;
    const begin = performance.now();
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        ctx.signal.addEventListener('abort', () => (sawAbort = true));
        await delay(2000); // ignores the signal
      },
      inputs: [1],
      cache: false,
      limits: { agentTimeoutMs: 30 },
    });
    expect(performance.now() - begin).toBeLessThan(1000);
    expect(sawAbort).toBe(true);
    expect(run.results[0]).toMatchObject({ ok: false, error: { code: 'timeout' }, attempts: 1 });
    expect(run.results[0]!.error!.message).toMatch(/agentTimeoutMs/);
  });

  it('maxTotalAgents caps executions; cache hits do not count', async () => {
    const cache = (await import('../src/index.js')).memoryCache();
    const agent = { name: 'double', run: (n: number) => n * 2 };
    await dispatch({ agent, inputs: [1, 2], cache });
    const run = await dispatch({ agent, inputs: [1, 2, 3, 4, 5], cache, limits: { maxTotalAgents: 2, maxConcurrent: 1 } });
    // Inputs 1 and 2 are cache hits; of 3, 4 and 5 only two may run an agent.
    expect(run.results.slice(0, 2).map((r) => [r.value, r.cached])).toEqual([[2, true], [4, true]]);
    const fresh = run.results.slice(2);
    expect(fresh.filter((r) => r.ok).map((r) => r.value)).toHaveLength(2);
    expect(fresh.filter((r) => r.error?.code === 'max_agents')).toHaveLength(1);
    expect(run.stats.agentCalls).toBe(2);
    expect(run.stopReason).toBe('max_agents');
  });

  it('leaves no timers behind when it resolves', async () => {
    const active = () => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // Let the short timers of earlier tests run out first: the count is process-wide.
    await delay(50);
    const before = active();
    await dispatch({ agent: (n: number) => n, inputs: [1, 2, 3], cache: false, limits: { agentTimeoutMs: 60_000, maxTotalDurationMs: 60_000 } });
    const aborted = new AbortController();
    const pending = dispatch({ agent: sleeper([]), inputs: [10_000, 10_000], cache: false, signal: aborted.signal, limits: { maxTotalDurationMs: 60_000 } });
    await delay(5);
    aborted.abort();
    await pending;
    // A timer left behind (a 60 s deadline or agent timeout) raises the count; one of someone
    // else's running out meanwhile only lowers it.
    expect(active()).toBeLessThanOrEqual(before);
  });

  it('every input yields exactly one result, in order, whatever stops the run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ms: fc.integer({ min: 0, max: 6 }), fail: fc.boolean(), cost: fc.double({ min: 0, max: 0.05, noNaN: true }) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 0.6, noNaN: true }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
        async (jobs, maxConcurrent, deadline, budget, maxAgents, abortAfter) => {
          const controller = new AbortController();
          const timer = abortAfter === undefined ? undefined : setTimeout(() => controller.abort(), abortAfter);
          const seen = new Map<number, number>();
          const run = await dispatch({
            agent: async (job: (typeof jobs)[number], ctx) => {
              await delay(job.ms, ctx.signal);
              ctx.reportCost(job.cost);
              if (job.fail) throw new Error('no');
              return job.ms;
            },
            inputs: jobs,
            cache: false,
            signal: controller.signal,
            onEvent: (event) => {
              if (event.type === 'result') seen.set(event.result.index, (seen.get(event.result.index) ?? 0) + 1);
            },
            limits: { maxConcurrent, maxTotalDurationMs: deadline, maxTotalCostUsd: budget, costPerAgentUsd: budget === undefined ? undefined : 0.05, maxTotalAgents: maxAgents, maxFailureRate: 0.5, failureRateMinSamples: 3 },
          });
          clearTimeout(timer);
          expect(run.results).toHaveLength(jobs.length);
          run.results.forEach((result, index) => {
            expect(result.index).toBe(index);
            expect(result.input).toBe(jobs[index]);
            expect(seen.get(index)).toBe(1);
          });
          expect(run.stats.total).toBe(jobs.length);
          expect(run.stats.succeeded + run.stats.failed).toBe(jobs.length);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a deadline or timeout too far for a timer (a year, Infinity) never fires early', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const run = await dispatch({
        agent: async (x: number) => (await sleep(20), x),
        inputs: [1, 2, 3],
        limits: { maxConcurrent: 1, maxTotalDurationMs: 365 * 24 * 3_600_000, agentTimeoutMs: Infinity },
      });
      expect(run.stopReason).toBe('completed');
      expect(run.results.map((r) => r.value)).toEqual([1, 2, 3]);
      await sleep(5);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
