// The chaos suite: a Redis of its own (never the shared one), two worker
// processes, 120+ items, and Redis or a worker failing mid-run. Each case
// states its bound and checks: every input has exactly one result (or the run
// fails with a clear error), no item is paid for twice, and the ledger's
// spend equals what the agents really spent.
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sleep, type DispatchRun } from '@flotilla/core';
import { Redis } from 'ioredis';
import { createDispatchQueue, redisLedger, RedisStateLostError, RedisUnavailableError, type DispatchQueue } from '../src/index.js';
import { forkFixture, nextMessage } from './support/processes.js';
import { hasRedisServer, ownRedis, type OwnRedis } from './support/redis-server.js';
import { tcpProxy } from './support/tcp-proxy.js';

if (!hasRedisServer) {
  console.warn('[chaos] skipped: `redis-server` is not installed here; install it (apt-get install redis-server) to run the Redis fault tests');
}
const chaos = hasRedisServer ? describe : describe.skip;

const COST_USD = 0.001;
const LOCK_MS = 3_000;
// A partitioned worker's item is not run elsewhere before this lapses (see the partition case).
const LEAD_LOCK_MS = 3 * LOCK_MS;
const ITEMS = 120;

interface Paid {
  type: 'paid';
  id: number;
  costUsd: number;
  pid: number;
}
interface Started {
  type: 'started';
  id: number;
  pid: number;
  slow: boolean;
}
type Item = { id: number; slow?: boolean };

interface Harness {
  server: OwnRedis;
  queue: DispatchQueue;
  workers: ChildProcess[];
  paid: Paid[];
  inputs: Item[];
  /** A dispatch of `inputs` on the workers. */
  dispatch(): Promise<DispatchRun<Item, { id: number }>>;
  /** Resolves when at least `count` items were paid for. */
  paidAtLeast(count: number): Promise<void>;
  partition?: () => void;
  heal?: () => void;
}

async function withHarness(
  options: { aof: 'no' | 'always'; unavailableAfterMs: number; proxyFirstWorker?: boolean; slow?: (id: number) => boolean },
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const server = await ownRedis({ aof: options.aof });
  const proxy = options.proxyFirstWorker ? await tcpProxy(server) : undefined;
  const name = `chaos-${randomUUID().slice(0, 8)}`;
  const prefix = `chaos:${name}`;
  const spawn = (port: number) =>
    forkFixture('queue-worker', {
      host: server.host,
      port,
      queue: name,
      prefix,
      capUsd: 10,
      costUsd: COST_USD,
      agentMs: 100,
      slowMs: 3_000,
      concurrency: 4,
      paidInRedis: false,
      lockDurationMs: LOCK_MS,
      leadLockMs: LEAD_LOCK_MS,
    });
  const workers = [spawn(proxy?.port ?? server.port), spawn(server.port)];
  const paid: Paid[] = [];
  const waiters: (() => void)[] = [];
  for (const worker of workers) {
    worker.on('message', (message: Paid) => {
      if (message.type !== 'paid') return;
      paid.push(message);
      for (const wake of waiters.splice(0)) wake();
    });
  }
  const queue = createDispatchQueue({
    connection: { host: server.host, port: server.port },
    name,
    // The volatile server is the point of the empty-restart case: it opts in.
    durability: options.aof === 'no' ? 'volatile' : 'check',
    unavailableAfterMs: options.unavailableAfterMs,
    stateCheckMs: 250,
  });
  const inputs: Item[] = Array.from({ length: ITEMS }, (_, id) => (options.slow?.(id) ? { id, slow: true } : { id }));
  try {
    await Promise.all(workers.map((worker) => nextMessage(worker, (m: { type: string }) => m.type === 'ready')));
    await body({
      server,
      queue,
      workers,
      paid,
      inputs,
      dispatch: () => queue.dispatch<Item, { id: number }>({ agent: 'work', inputs, limits: { costPerAgentUsd: COST_USD } }),
      async paidAtLeast(count) {
        while (paid.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      },
      partition: proxy?.partition,
      heal: proxy?.heal,
    });
  } finally {
    await queue.close();
    await Promise.all(
      workers.map(async (worker) => {
        if (worker.exitCode !== null || worker.signalCode !== null) return;
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.send('close');
        await Promise.race([exited, sleep(5_000)]);
        worker.kill('SIGKILL');
      }),
    );
    await proxy?.close();
    await server.stop();
  }
}

/** `promise`, or a rejection naming `what` when it takes longer than `ms` (the stated bound). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} took longer than its bound of ${ms} ms`)))]);
}

function expectOneResultEach(run: DispatchRun<Item, { id: number }>, inputs: Item[]): void {
  expect(run.results.map((r) => r.index)).toEqual(inputs.map((_, i) => i));
  expect(run.results.map((r) => r.value?.id)).toEqual(inputs.map((input) => input.id));
  expect(run.results.filter((r) => !r.ok)).toEqual([]);
}

function expectNobodyPaidTwice(paid: Paid[]): void {
  const ids = paid.map((p) => p.id);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
}

/** Wait until no reservation is held and no payment came for a while, then compare the ledger with what was really paid. */
async function expectLedgerEqualsSpend(server: OwnRedis, paid: Paid[], prefix: string): Promise<number> {
  const redis = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: 3 });
  try {
    const ledger = redisLedger({ redis, key: `${prefix}:budget`, capUsd: 10 });
    let seen = -1;
    await expect
      .poll(
        async () => {
          const quiet = paid.length === seen;
          seen = paid.length;
          return quiet && (await ledger.snapshot()).reservedUsd === 0;
        },
        { timeout: 15_000, interval: 700 },
      )
      .toBe(true);
    const real = paid.reduce((sum, p) => sum + p.costUsd, 0);
    expect((await ledger.snapshot()).spentUsd).toBeCloseTo(real, 9);
    return real;
  } finally {
    redis.disconnect();
  }
}

const prefixOf = (queue: DispatchQueue) => `chaos:${queue.queue.name}`;

chaos('Redis faults under a distributed run (own redis-server, 2 worker processes, 120 items)', () => {
  it('Redis killed and restarted empty: the run fails with redis_state_lost within 4 s of Redis answering, nobody is paid twice; the lost ledger then refuses every item clearly', async () => {
    await withHarness({ aof: 'no', unavailableAfterMs: 10_000 }, async (h) => {
      const running = h.dispatch().then(
        () => undefined,
        (error: unknown) => error,
      );
      await h.paidAtLeast(20);
      await h.server.kill();
      await sleep(500);
      await h.server.restart({ empty: true });
      const back = Date.now();
      const error = await within(10_000, 'the failed run', running);
      // Bound: stateCheckMs (250) + reconnect (<= 500) + one round trip, with slack for a loaded machine.
      expect(Date.now() - back).toBeLessThan(4_000);
      expect(RedisStateLostError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ name: 'RedisStateLostError', code: 'redis_state_lost' });
      expect((error as Error).message).toMatch(/restarted without the state of run .*appendonly yes/);
      // Jobs that reached the empty server are skipped by the workers: nothing more is paid for twice.
      await sleep(1_500);
      expectNobodyPaidTwice(h.paid);
      // A restart while the producer is idle does not fail its next run; but the workers' shared
      // ledger knows it lost its totals, so it refuses every item, clearly, and nothing is spent.
      const paidBefore = h.paid.length;
      await h.server.restart({ empty: true });
      await sleep(600);
      const again = await within(30_000, 'the next run', h.dispatch());
      expect(again.results.map((r) => r.index)).toEqual(h.inputs.map((_, i) => i));
      expect(again.results.every((r) => !r.ok && /came back without this ledger's totals.*appendonly yes/.test(r.error!.message))).toBe(true);
      expect(h.paid.length).toBe(paidBefore);
    });
  });

  it('Redis killed and restarted from its AOF (appendfsync always): the run resumes and completes within 30 s, each input once, ledger = real spend = stats.costUsd', async () => {
    await withHarness({ aof: 'always', unavailableAfterMs: 10_000 }, async (h) => {
      const running = h.dispatch();
      await h.paidAtLeast(20);
      await h.server.kill();
      await sleep(300);
      await h.server.restart({ empty: false });
      const run = await within(30_000, 'the resumed run', running);
      expect(run.stopReason).toBe('completed');
      expectOneResultEach(run, h.inputs);
      expectNobodyPaidTwice(h.paid);
      const real = await expectLedgerEqualsSpend(h.server, h.paid, prefixOf(h.queue));
      expect(run.stats.costUsd).toBeCloseTo(real, 9);
    });
  });

  it('Redis paused (SIGSTOP) longer than unavailableAfterMs: the run fails with redis_unavailable within unavailableAfterMs + 2 s, nobody is paid twice, ledger = real spend', async () => {
    await withHarness({ aof: 'always', unavailableAfterMs: 2_000 }, async (h) => {
      const running = h.dispatch().then(
        () => undefined,
        (error: unknown) => error,
      );
      await h.paidAtLeast(20);
      h.server.pause();
      const pausedAt = Date.now();
      const error = await within(8_000, 'the failed run', running);
      const elapsed = Date.now() - pausedAt;
      h.server.resume();
      expect(RedisUnavailableError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ name: 'RedisUnavailableError', code: 'redis_unavailable' });
      expect((error as Error).message).toMatch(/did not answer for \d+ ms.*unavailableAfterMs is 2000/);
      // Silence is counted from the last answer, which came up to one stateCheckMs (250) before the pause.
      expect(elapsed).toBeGreaterThanOrEqual(2_000 - 300);
      expect(elapsed).toBeLessThan(4_000);
      expectNobodyPaidTwice(h.paid);
      await expectLedgerEqualsSpend(h.server, h.paid, prefixOf(h.queue));
      expectNobodyPaidTwice(h.paid);
    });
  });

  it('Redis paused (SIGSTOP) shorter than unavailableAfterMs: the run rides it out and completes within 30 s, each input once, ledger = real spend = stats.costUsd', async () => {
    await withHarness({ aof: 'always', unavailableAfterMs: 6_000 }, async (h) => {
      const running = h.dispatch();
      await h.paidAtLeast(20);
      h.server.pause();
      await sleep(1_500);
      h.server.resume();
      const run = await within(30_000, 'the paused run', running);
      expect(run.stopReason).toBe('completed');
      expectOneResultEach(run, h.inputs);
      expectNobodyPaidTwice(h.paid);
      const real = await expectLedgerEqualsSpend(h.server, h.paid, prefixOf(h.queue));
      expect(run.stats.costUsd).toBeCloseTo(real, 9);
    });
  });

  it('a worker killed (SIGKILL) mid-item: its jobs move to the other worker and the run completes within 30 s, each input once, ledger = real spend = stats.costUsd', async () => {
    await withHarness({ aof: 'always', unavailableAfterMs: 10_000 }, async (h) => {
      const running = h.dispatch();
      await h.paidAtLeast(20);
      const victim = h.workers[0]!;
      await nextMessage(victim, (m: Started) => m.type === 'started');
      victim.kill('SIGKILL');
      const run = await within(30_000, 'the run after the kill', running);
      expect(victim.signalCode).toBe('SIGKILL');
      expectOneResultEach(run, h.inputs);
      expectNobodyPaidTwice(h.paid);
      const real = await expectLedgerEqualsSpend(h.server, h.paid, prefixOf(h.queue));
      expect(run.stats.costUsd).toBeCloseTo(real, 9);
    });
  });

  it('a worker partitioned (its connections closed) while it holds a lease: it aborts its agents before its lock lapses, the item is paid once after the heal, the run completes within 40 s, each input once, ledger = real spend = stats.costUsd', async () => {
    await withHarness({ aof: 'always', unavailableAfterMs: 10_000, proxyFirstWorker: true, slow: (id) => id % 10 === 7 }, async (h) => {
      const cut = h.workers[0]!;
      const slowStart = nextMessage(cut, (m: Started) => m.type === 'started' && m.slow);
      // Every start of an item, and when it came (the test's clock), to tell the partitioned attempt from later ones.
      const starts: (Started & { at: number })[] = [];
      for (const worker of h.workers) worker.on('message', (m: Started) => void (m.type === 'started' && starts.push({ ...m, at: Date.now() })));
      const running = h.dispatch();
      const { id } = await slowStart;
      h.partition!();
      // Longer than the job lock (3 s: the job moves on), shorter than the lead lock (9 s, less one renewal).
      await sleep(3_300);
      const healedAt = Date.now();
      h.heal!();
      const run = await within(40_000, 'the run after the partition', running);
      expectOneResultEach(run, h.inputs);
      expectNobodyPaidTwice(h.paid);
      // The attempt the partition cut was aborted (it paid nothing); the item was paid for once, by an
      // attempt that started after the heal, on whichever worker took the job then (the healed one may).
      const paidFor = h.paid.filter((p) => p.id === id);
      expect(paidFor).toHaveLength(1);
      const later = starts.filter((s) => s.id === id && s.at >= healedAt);
      expect(later.map((s) => s.pid)).toContain(paidFor[0]!.pid);
      const real = await expectLedgerEqualsSpend(h.server, h.paid, prefixOf(h.queue));
      // An item the cut worker finished and stored when the partition healed is served from the cache
      // to the worker that took its job over; the entry names this run, so its cost is counted.
      expect(run.stats.costUsd).toBeCloseTo(real, 9);
    });
  });
});
