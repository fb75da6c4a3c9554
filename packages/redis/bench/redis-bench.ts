// Benchmark of @flotilla/redis against the local Redis (REDIS_URL, default
// redis://127.0.0.1:6379). Prints a Markdown table: ledger reservations per
// second, and end-to-end items per second through BullMQ with 1, 2 and 4
// worker processes (scaling efficiency = items/s ÷ (workers × items/s of one)).
// Run: pnpm --filter @flotilla/redis bench   (keys use a unique prefix and are deleted after)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createDispatchQueue, createWorker, redisLedger } from '../src/index.js';

const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const connection = { host: url.hostname, port: Number(url.port || 6379) };
const run = `flotilla-bench-${randomUUID().slice(0, 8)}`;
const AGENT_MS = 20;
const CONCURRENCY = 8;
const ITEMS = Number(process.env.FLOTILLA_BENCH_ITEMS ?? 400);

if (process.argv[2] === 'worker') {
  // A worker process: an agent that waits AGENT_MS, like a fast model call.
  const worker = createWorker({
    connection,
    name: process.argv[3]!,
    agents: { wait: async (x: number) => (await new Promise((resolve) => setTimeout(resolve, AGENT_MS)), x) },
    concurrency: CONCURRENCY,
  });
  await worker.ready();
  process.send!('ready');
  process.once('message', async () => {
    await worker.close();
    process.exit(0);
  });
} else {
  await main();
}

async function ledgerRate(redis: Redis): Promise<number> {
  const ledger = redisLedger({ redis, key: `${run}:ledger`, capUsd: 1e6 });
  const total = 4000;
  const started = performance.now();
  // 50 reservations in flight at once, as a busy dispatch would have.
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      for (let i = 0; i < total / 50; i++) {
        const id = await ledger.reserve(0.01);
        await ledger.commit(id!, 0.005);
      }
    }),
  );
  ledger.close();
  return total / ((performance.now() - started) / 1000);
}

async function itemsPerSecond(workers: number): Promise<number> {
  const name = `${run}-e2e-${workers}`;
  const script = fileURLToPath(import.meta.url);
  const children = Array.from({ length: workers }, () => fork(script, ['worker', name], { execArgv: ['--import', 'tsx'] }));
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
  const queue = createDispatchQueue({ connection, name });
  const started = performance.now();
  const result = await queue.dispatch<number>({ agent: 'wait', inputs: Array.from({ length: ITEMS }, (_, i) => i) });
  const seconds = (performance.now() - started) / 1000;
  if (result.stats.succeeded !== ITEMS) throw new Error(`only ${result.stats.succeeded} of ${ITEMS} items succeeded`);
  await queue.close();
  for (const child of children) child.send('stop');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  return ITEMS / seconds;
}

async function main(): Promise<void> {
  const redis = new Redis({ ...connection });
  try {
    const reservations = await ledgerRate(redis);
    const rates = new Map<number, number>();
    for (const workers of [1, 2, 4]) rates.set(workers, await itemsPerSecond(workers));
    const one = rates.get(1)!;
    console.log(`| measure | value |`);
    console.log(`|---|---|`);
    console.log(`| redisLedger reserve + commit per second (50 in flight) | ${Math.round(reservations)} |`);
    for (const [workers, rate] of rates) {
      console.log(`| items/s, ${workers} worker process(es) × ${CONCURRENCY} concurrent, ${AGENT_MS} ms agent | ${Math.round(rate)} (scaling efficiency ${Math.round((rate / (workers * one)) * 100)}%) |`);
    }
    console.log(`\n${ITEMS} items per run; ${process.env.FLOTILLA_BENCH_NOTE ?? `Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`}.`);
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${run}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}
