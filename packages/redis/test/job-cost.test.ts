// Who pays for an item served from the shared cache: the run that ran its
// agent, once. A worker's cache entry names that run in the same write as its
// value and cost; the producer counts each key of a run once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey, sleep, type AgentContext, type CacheEntry } from '@flotilla/core';
import type { DispatchJobData } from '../src/dispatch-job.js';
import { jobRunner, type JobRunnerParts } from '../src/job-runner.js';
import { RunAgentCounts } from '../src/run-agent-counts.js';
import { RunRecords } from '../src/run-records.js';
import { RunStops } from '../src/run-stops.js';
import { createDispatchQueue, createWorker, redisCache, type Lead, type RedisCache } from '../src/index.js';
import { client, deleteKeys, REDIS_URL, testPrefix } from './support/redis.js';

const prefix = testPrefix('job-cost');
const redis = client();
const { hostname: host, port: portText } = new URL(REDIS_URL);
const connection = { host, port: Number(portText || 6379) };

beforeAll(async () => void (await redis.ping()));
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await deleteKeys(redis, prefix.replaceAll(':', '-'));
  redis.disconnect();
});

/** A job runner on the test Redis whose agent counts its calls and costs `costUsd`; the run `runId` is open. */
async function runnerFor(runId: string, cache: RedisCache, costUsd = 0.004) {
  const base = `${prefix}:${randomUUID().slice(0, 8)}`;
  const calls: number[] = [];
  const work = async (x: number, ctx: AgentContext) => {
    calls.push(x);
    ctx.reportCost(costUsd);
    return x * 10;
  };
  const parts: JobRunnerParts = {
    options: { connection, name: 'unused', agents: { work }, cache },
    redis,
    base,
    lockDurationMs: 3_000,
    leadLockMs: 3_000,
    stops: new RunStops(redis, base),
    records: new RunRecords(redis, base),
    agentCounts: new RunAgentCounts(redis, base),
    running: new Map(),
  };
  await parts.records.open(runId);
  const run = jobRunner(parts);
  const data = (input: number): DispatchJobData => ({ runId, agent: { name: 'work' }, input, limits: {} });
  return { calls, job: (id: string, input: number) => run({ id, data: data(input) }) };
}

/** The job id of input `x` of agent `work`, as a producer makes it (the work's cache key, which core's dispatch uses too). */
const keyOf = (x: number) => cacheKey({ agent: 'work', input: x });

describe('a cache entry carries the run that paid for it', () => {
  const entry = (runId?: string): CacheEntry & { runId?: string } => ({ value: 70, costUsd: 0.25, storedAt: Date.now(), ...(runId ? { runId } : {}) });

  it('stores the paying run in the same entry as the value and its cost (one key, one write)', async () => {
    const cache = redisCache({ redis, prefix: `${prefix}:c1` });
    const { calls, job } = await runnerFor('run-a', cache);
    const done = await job(keyOf(7), 7);
    expect(done).toEqual({ runId: 'run-a', result: expect.objectContaining({ ok: true, value: 70, cached: false, costUsd: 0.004 }) });
    expect(calls).toEqual([7]);
    expect(JSON.parse((await redis.get(`${prefix}:c1:v:${keyOf(7)}`))!)).toMatchObject({ value: 70, costUsd: 0.004, runId: 'run-a' });
  });

  it('a hit on an entry this very run paid for keeps its cost; another run’s entry, or one without a run, costs nothing', async () => {
    const cache = redisCache({ redis, prefix: `${prefix}:c2` });
    const { calls, job } = await runnerFor('run-a', cache);
    await cache.set('mine', entry('run-a'));
    await cache.set('theirs', entry('run-b'));
    await cache.set('old', entry());
    expect((await job('mine', 7)).result).toMatchObject({ ok: true, value: 70, cached: true, costUsd: 0.25 });
    expect((await job('theirs', 7)).result).toMatchObject({ ok: true, value: 70, cached: true, costUsd: 0 });
    expect((await job('old', 7)).result).toMatchObject({ ok: true, value: 70, cached: true, costUsd: 0 });
    expect(calls).toEqual([]);
  });

  it('an entry that lands after the lead was taken (its writer’s lock lapsed) is served by core with this run’s cost', async () => {
    const shared = redisCache({ redis, prefix: `${prefix}:c3` });
    // The lead finds nothing (the writer's value was still on its way), then the value lands.
    const late: RedisCache = {
      ...shared,
      async lead(): Promise<Lead> {
        await shared.set(keyOf(7), entry('run-a'));
        return { kind: 'lead', locked: true, release: async () => undefined };
      },
    };
    const { calls, job } = await runnerFor('run-a', late);
    expect((await job(keyOf(7), 7)).result).toMatchObject({ ok: true, value: 70, cached: true, costUsd: 0.25 });
    expect(calls).toEqual([]);
  });
});

describe('a producer counts each key of a run once', () => {
  it('an input that comes again after its first job finished is served from that job’s entry at no cost: stats.costUsd = what the agents spent', async () => {
    const name = `${prefix.replaceAll(':', '-')}-repeat`;
    const calls: number[] = [];
    const work = async (x: number, ctx: AgentContext) => (calls.push(x), ctx.reportCost(0.001), await sleep(5), x * 2);
    const worker = createWorker({ connection, name, agents: { work }, cache: redisCache({ redis, prefix: `${prefix}:c4` }) });
    await worker.ready();
    const queue = createDispatchQueue({ connection, name });
    try {
      // A window of one: the second 1 gets a job of its own, after the first one finished.
      const run = await queue.dispatch<number, number>({ agent: 'work', inputs: [1, 2, 1], window: 1 });
      expect(run.results.map((r) => r.value)).toEqual([2, 4, 2]);
      expect(calls).toEqual([1, 2]);
      expect(run.results[2]).toMatchObject({ ok: true, cached: true, costUsd: 0 });
      expect(run.stats.costUsd).toBeCloseTo(0.002, 9);
    } finally {
      await queue.close();
      await worker.close();
    }
  });
});
