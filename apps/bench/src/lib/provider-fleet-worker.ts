/**
 * One worker process of the four-process shape of `provider-limits`
 * (started by lib/provider-fleet.ts with `fork`). It rebuilds the seeded
 * workload, keeps every PROCESSES-th prompt from its shard on, and runs the
 * contender it is told to on them, answering with what it achieved.
 */
import { redisRateLimit } from '@flotilla/redis';
import { Redis } from 'ioredis';
import { FLEET_CONTENDERS, PROCESSES, type FleetTask } from './provider-fleet-contenders.js';
import { workload } from './provider-workload.js';

/** parent -> worker */
export type FleetRequest = { type: 'run'; contender: string; task: FleetTask } | { type: 'exit' };
/** worker -> parent */
export type FleetReply = { type: 'ready' } | { type: 'done'; ok: number; wallMs: number } | { type: 'failed'; error: string };

const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
// Connected before the worker says it is ready, as a long-running process would be: no contender times a connection.
const client = new Redis({ host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: 3 });
await client.ping();
const redis = () => client;
await warmUp();
const send = (reply: FleetReply) => process.send!(reply);

process.on('message', (request: FleetRequest) => {
  if (request.type === 'exit') {
    client.disconnect();
    process.exit(0);
  }
  const contender = FLEET_CONTENDERS.find((one) => one.name === request.contender);
  if (!contender) return send({ type: 'failed', error: `no contender named ${request.contender}` });
  const prompts = workload().filter((_, id) => id % PROCESSES === request.task.shard);
  const started = performance.now();
  contender.run(request.task, prompts, redis).then(
    (result) => send({ type: 'done', ok: result.ok, wallMs: performance.now() - started }),
    (error: unknown) => send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
send({ type: 'ready' });

/**
 * Run the shared limiter's code paths (and load its scripts on the server)
 * before the worker says it is ready, as in a process that has been serving
 * for a while: on a throwaway key under the run's prefix, deleted after.
 */
async function warmUp(): Promise<void> {
  const key = `${process.env.FLOTILLA_BENCH_FLEET_PREFIX ?? 'flotilla-bench-provider'}:warm-up:${process.pid}`;
  const limiter = redisRateLimit({ redis: client, key, requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000, windowMs: 1000 });
  for (let round = 0; round < 20; round++) {
    const permits = await Promise.all(Array.from({ length: 16 }, () => limiter.acquire(undefined, 100)));
    for (const permit of permits) {
      permit.start?.();
      limiter.observe({ remainingTokens: 1_000_000_000, remainingRequests: 1_000_000, resetTokensMs: 10, resetRequestsMs: 10 });
      permit.reconcile(50);
    }
  }
  await client.unlink(...['grants', 'tokens', 'state', 'claims'].map((part) => `{${key}}:${part}`));
}
