/**
 * The four-process shape of `provider-limits`, parent side: start the worker
 * processes once (lib/provider-fleet-worker.ts, under tsx), then run each
 * contender on all of them at once against one provider, timing from the
 * moment they are told to start until the last one is done. Redis keys use a
 * prefix unique to this run, and are deleted at the end.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { PROCESSES } from './provider-fleet-contenders.js';
import type { FleetReply, FleetRequest } from './provider-fleet-worker.js';
import type { ContenderResult } from './provider-workload.js';

const script = fileURLToPath(new URL('./provider-fleet-worker.ts', import.meta.url));

export interface Fleet {
  /** Run `contender` on every process against `baseURL`; resolves when all are done. */
  run(contender: string, baseURL: string): Promise<{ wallMs: number; result: ContenderResult; processMs: number[] }>;
  /** Stop the processes and delete this run's Redis keys. */
  close(): Promise<void>;
}

export async function startFleet(): Promise<Fleet> {
  const prefix = `flotilla-bench-provider-${randomUUID().slice(0, 8)}`;
  const tsx = import.meta.resolve('tsx');
  const children: ChildProcess[] = Array.from({ length: PROCESSES }, () =>
    fork(script, [], {
      execArgv: ['--import', tsx],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, FLOTILLA_BENCH_FLEET_PREFIX: prefix },
    }),
  );
  const next = (child: ChildProcess) =>
    new Promise<FleetReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a worker process exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply: FleetReply) => {
        child.off('exit', onExit);
        resolve(reply);
      });
    });
  await Promise.all(children.map(next));
  let runs = 0;
  return {
    async run(contender, baseURL) {
      const key = `${prefix}:${runs++}`;
      const replies = children.map(next);
      const started = performance.now();
      children.forEach((child, shard) => child.send({ type: 'run', contender, task: { baseURL, key, shard } } satisfies FleetRequest));
      const done = await Promise.all(replies);
      const wallMs = performance.now() - started;
      const failed = done.find((reply) => reply.type === 'failed');
      if (failed) throw new Error(`${contender}: ${failed.error}`);
      const finished = done.flatMap((reply) => (reply.type === 'done' ? [reply] : []));
      return { wallMs, result: { ok: finished.reduce((sum, reply) => sum + reply.ok, 0) }, processMs: finished.map((reply) => reply.wallMs) };
    },
    async close() {
      const exits = children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve))));
      for (const child of children) if (child.connected) child.send({ type: 'exit' } satisfies FleetRequest);
      await Promise.all(exits);
      await deleteKeys(prefix);
    },
  };
}

/** Delete every key of this run (and only those) from the shared Redis. */
async function deleteKeys(prefix: string): Promise<void> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const redis = new Redis({ host: url.hostname, port: Number(url.port || 6379) });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
