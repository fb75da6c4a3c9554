import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, sleep } from '@flotilla/core';
import { redisLedger, RedisStateLostError, RedisUnavailableError } from '../src/index.js';
import { seededRandom } from './fixtures/seeded-random.js';
import { collect, forkFixture, nextMessage } from './support/processes.js';
import { client, deleteKeys, REDIS_URL, testPrefix } from './support/redis.js';

const prefix = testPrefix('ledger');
const redis = client();
let n = 0;
const key = () => `${prefix}:${n++}`;

beforeAll(async () => void (await redis.ping()));
afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe('redisLedger', () => {
  it('detects a ledger that Redis lost (its keys gone, as after an empty restart) instead of starting over from zero', async () => {
    const name = key();
    const ledger = redisLedger({ redis, key: name, capUsd: 0.1 });
    const held = await ledger.reserve(0.05);
    await ledger.commit(held!, 0.05);
    const open = await ledger.reserve(0.04);
    // What an empty restart leaves: none of the ledger's keys.
    await deleteKeys(redis, name);
    await ledger.commit(open!, 0.04);
    const error = await ledger.reserve(0.01).catch((e: unknown) => e);
    expect(RedisStateLostError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ name: 'RedisStateLostError', code: 'redis_state_lost', lost: `ledger "${name}" totals`, retryable: false });
    // It names the spend it could not record and what to do.
    expect((error as Error).message).toMatch(/0\.04 USD committed since could not be recorded.*appendonly yes/);
    await expect(ledger.snapshot()).rejects.toMatchObject({ code: 'redis_state_lost' });
    // A new ledger (a new process) on the same key starts a new epoch.
    const next = redisLedger({ redis, key: name, capUsd: 0.1 });
    expect(await next.reserve(0.01)).toBeDefined();
    ledger.close();
    next.close();
  });

  it('refuses a zero reservation when nothing is left and counts a commit above the reservation in spend', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 0.1 });
    const id = await ledger.reserve(0.01);
    await ledger.commit(id!, 0.1);
    expect(await ledger.snapshot()).toMatchObject({ spentUsd: 0.1, reservedUsd: 0 });
    expect(await ledger.reserve(0)).toBeUndefined();
    ledger.close();
  });

  it('grants reservations only while spent + reserved + amount <= cap, in integer micro-dollars', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 0.3 });
    const a = await ledger.reserve(0.1);
    const b = await ledger.reserve(0.2);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    // 0.1 + 0.2 is 0.30000000000000004 in floats; in micro-dollars it fits exactly, and nothing more does.
    expect(await ledger.reserve(0.000001)).toBeUndefined();
    await ledger.commit(a!, 0.05);
    await ledger.release(b!);
    expect(await ledger.snapshot()).toMatchObject({ capUsd: 0.3, spentUsd: 0.05, reservedUsd: 0 });
    expect(await ledger.reserve(0.25)).toBeDefined();
    expect(await ledger.reserve(0.000001)).toBeUndefined();
    ledger.close();
  });

  it('rounds reservations up and spend to the nearest micro-dollar', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 1 });
    const id = await ledger.reserve(0.0000001);
    expect((await ledger.snapshot()).reservedUsd).toBe(0.000001);
    await ledger.commit(id!, 0.0000004);
    expect((await ledger.snapshot()).spentUsd).toBe(0);
    ledger.close();
  });

  it('treats a zero reservation like memoryLedger: it needs money left', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 0.01 });
    const zero = await ledger.reserve(0);
    expect(zero).toBeDefined();
    const all = await ledger.reserve(0.01);
    expect(all).toBeDefined();
    expect(await ledger.reserve(0)).toBeUndefined();
    await ledger.commit(all!, 0.01);
    await ledger.commit(zero!, 0);
    expect(await ledger.reserve(0)).toBeUndefined();
    ledger.close();
  });

  it('extends a held reservation only within the cap, and never an unknown one', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 0.1 });
    const id = await ledger.reserve(0.04);
    expect(await ledger.extend(id!, 0.06)).toBe(true);
    expect(await ledger.extend(id!, 0.000001)).toBe(false);
    expect(await ledger.extend('no-such-id', 0)).toBe(false);
    await ledger.commit(id!, 0.1);
    expect(await ledger.snapshot()).toMatchObject({ spentUsd: 0.1, reservedUsd: 0 });
    ledger.close();
  });

  it('counts a replayed commit once (ioredis resends commands whose reply a dropped connection lost)', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 1 });
    const id = await ledger.reserve(0.2);
    await ledger.commit(id!, 0.2);
    await ledger.commit(id!, 0.2);
    await ledger.release(id!);
    expect(await ledger.snapshot()).toMatchObject({ spentUsd: 0.2, reservedUsd: 0, lateCommits: 0 });
    ledger.close();
  });

  it('returns a dead holder’s reservation to the budget after leaseMs', async () => {
    const name = key();
    const crashed = redisLedger({ redis, key: name, capUsd: 0.1, leaseMs: 150 });
    expect(await crashed.reserve(0.1)).toBeDefined();
    crashed.close(); // stops renewing, as a killed process would
    const survivor = redisLedger({ redis, key: name, capUsd: 0.1, leaseMs: 150 });
    expect(await survivor.reserve(0.05)).toBeUndefined();
    await sleep(250);
    expect(await survivor.reserve(0.1)).toBeDefined();
    expect(await survivor.snapshot()).toMatchObject({ reservedUsd: 0.1, expiredLeases: 1 });
    survivor.close();
  });

  it('keeps renewing the leases it holds, so a long agent never loses its reservation', async () => {
    const name = key();
    const ledger = redisLedger({ redis, key: name, capUsd: 0.1, leaseMs: 100 });
    const id = await ledger.reserve(0.1);
    await sleep(450);
    const other = redisLedger({ redis, key: name, capUsd: 0.1, leaseMs: 100 });
    expect(await other.reserve(0.01)).toBeUndefined();
    await ledger.commit(id!, 0.1);
    expect(await other.snapshot()).toMatchObject({ spentUsd: 0.1, reservedUsd: 0, expiredLeases: 0 });
    ledger.close();
    other.close();
  });

  it('records a commit that comes after its lease expired: the money really went', async () => {
    const name = key();
    const ledger = redisLedger({ redis, key: name, capUsd: 1, leaseMs: 100 });
    const id = await ledger.reserve(0.3);
    ledger.close();
    await sleep(200);
    await ledger.commit(id!, 0.3);
    expect(await ledger.snapshot()).toMatchObject({ spentUsd: 0.3, reservedUsd: 0, expiredLeases: 1, lateCommits: 1 });
  });

  it('is the budget of a dispatch: the cap holds and stops the run with budget', async () => {
    const ledger = redisLedger({ redis, key: key(), capUsd: 0.05 });
    const run = await dispatch({
      agent: async (_: number, ctx) => {
        await sleep(5);
        ctx.reportCost(0.02);
        return 'ok';
      },
      inputs: Array.from({ length: 10 }, (_, i) => i),
      cache: false,
      ledger,
      limits: { costPerAgentUsd: 0.02, maxConcurrent: 4 },
    });
    expect(run.stopReason).toBe('budget');
    expect(run.stats.succeeded).toBe(2);
    expect((await ledger.snapshot()).spentUsd).toBe(0.04);
    ledger.close();
  });

  it('fails with a clear RedisUnavailableError when Redis cannot be reached, and the dispatch spends nothing', async () => {
    const down = client({ port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    const ledger = redisLedger({ redis: down, key: key(), capUsd: 1 });
    const error = await ledger.reserve(0.1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as RedisUnavailableError).code).toBe('redis_unavailable');
    expect((error as Error).message).toMatch(/redis-cli ping/);
    let ran = 0;
    const run = await dispatch({
      agent: () => void ran++,
      inputs: [1, 2, 3],
      cache: false,
      ledger,
      limits: { costPerAgentUsd: 0.1 },
    });
    expect(ran).toBe(0);
    expect(run.results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(run.results[0]!.error!.message).toMatch(/Redis did not answer.*nothing was reserved/);
    down.disconnect();
  });

  it('keeps a commit that could not reach Redis and lands it once Redis answers again', async () => {
    const name = key();
    const flaky = client({ maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    await flaky.connect();
    const ledger = redisLedger({ redis: flaky, key: name, capUsd: 1, leaseMs: 2_000 });
    const id = await ledger.reserve(0.4);
    // Cut this client's connection; it reconnects on its own a moment later.
    const clientId = await flaky.client('ID');
    await redis.client('KILL', 'ID', String(clientId));
    await ledger.commit(id!, 0.4); // does not throw, whatever the connection state
    const observer = redisLedger({ redis, key: name, capUsd: 1 });
    await expect.poll(async () => (await observer.snapshot()).spentUsd, { timeout: 5_000 }).toBe(0.4);
    expect(await observer.snapshot()).toMatchObject({ reservedUsd: 0, expiredLeases: 0 });
    ledger.close();
    flaky.disconnect();
  });
});

describe('redisLedger shared by 4 processes', () => {
  it('never lets them spend past the cap together, in seeded random runs, and they use the cap fully', async () => {
    const seed = Number(process.env.FLOTILLA_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const minUsd = 0.01;
    const rounds = Array.from({ length: 3 }, () => ({ key: key(), capUsd: Math.round((0.3 + random() * 0.5) * 1e6) / 1e6 }));
    const processes = Array.from({ length: 4 }, (_, i) => forkFixture('ledger-spender', { url: REDIS_URL, rounds, seed: seed * 10 + i, minUsd, maxUsd: 0.05 }));
    const children = processes.map((child) => collect<{ key: string; committed: number; grants: number }>(child));
    await Promise.all(processes.map((child) => nextMessage(child, (m: { type?: string }) => m.type === 'ready')));
    for (const child of processes) child.send('go');
    // Watch the totals while they run: reserved + spent never passes the cap.
    const watchers = rounds.map((round) => redisLedger({ redis, key: round.key, capUsd: round.capUsd }));
    let watching = true;
    let samples = 0;
    const watch = (async () => {
      while (watching) {
        for (const [i, watcher] of watchers.entries()) {
          const snapshot = await watcher.snapshot();
          expect(snapshot.spentUsd + snapshot.reservedUsd, `seed ${seed}`).toBeLessThanOrEqual(rounds[i]!.capUsd + 1e-9);
          samples++;
        }
        await sleep(5);
      }
    })();
    const outcomes = await Promise.all(children);
    watching = false;
    await watch;
    expect(samples).toBeGreaterThan(0);
    for (const [i, round] of rounds.entries()) {
      const reports = outcomes.map((outcome) => outcome.messages.find((m) => m.key === round.key)!);
      const snapshot = await watchers[i]!.snapshot();
      const committed = reports.reduce((sum, report) => sum + report.committed, 0);
      expect(outcomes.every((outcome) => outcome.code === 0), `seed ${seed}`).toBe(true);
      expect(reports.filter((report) => report.grants > 0).length, `all four took part (seed ${seed})`).toBeGreaterThan(1);
      expect(Math.round(snapshot.spentUsd * 1e6), `every commit counted once (seed ${seed})`).toBe(committed);
      expect(snapshot.reservedUsd).toBe(0);
      expect(snapshot.spentUsd, `never past the cap (seed ${seed})`).toBeLessThanOrEqual(round.capUsd);
      // Used fully: not even the smallest reservation fit at the end.
      expect(round.capUsd - snapshot.spentUsd, `cap used fully (seed ${seed})`).toBeLessThan(minUsd);
    }
  });
});
