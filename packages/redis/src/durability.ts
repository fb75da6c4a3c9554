import type { Redis } from 'ioredis';
import { RedisNotDurableError } from './errors.js';

/**
 * What a budgeted distributed run asks of Redis before it starts:
 * - `'check'` (default): read `CONFIG GET appendonly` and refuse a Redis
 *   without AOF with a {@link RedisNotDurableError};
 * - `'volatile'`: accept a Redis without AOF, knowing that a restart loses
 *   the spend, the cache and the runs (they then fail with `redis_state_lost`);
 * - `'durable'`: trust that Redis keeps AOF without checking (for managed
 *   Redis services that rename or forbid `CONFIG`).
 */
export type Durability = 'check' | 'volatile' | 'durable';

/** What {@link readDurability} found. */
export interface DurabilityReport {
  /** `appendonly` is `yes`: every write is logged and replayed after a restart. */
  aof: boolean;
  /** The `appendfsync` policy (`always`, `everysec`, `no`). */
  appendfsync: string;
  /** The RDB `save` schedule (`''` when off). */
  save: string;
}

/** Read Redis's persistence settings. Rejects when `CONFIG GET` is refused. */
export async function readDurability(redis: Redis): Promise<DurabilityReport> {
  const values = new Map<string, string>();
  for (const name of ['appendonly', 'appendfsync', 'save']) {
    const reply = (await redis.config('GET', name)) as string[];
    for (let i = 0; i + 1 < reply.length; i += 2) values.set(reply[i]!, reply[i + 1]!);
  }
  return { aof: values.get('appendonly') === 'yes', appendfsync: values.get('appendfsync') ?? '', save: values.get('save') ?? '' };
}

/**
 * Refuse (with a {@link RedisNotDurableError}) to start budgeted work on a
 * Redis whose persistence cannot keep spend across a restart, unless
 * `mode` opts in. `what` names the caller in the message.
 */
export async function requireDurable(redis: Redis, mode: Durability, what: string): Promise<void> {
  if (mode !== 'check') return;
  let report: DurabilityReport;
  try {
    report = await readDurability(redis);
  } catch (error) {
    throw new RedisNotDurableError(
      `${what}: could not check that Redis keeps spend across a restart (CONFIG GET was refused: ${(error as Error).message}). ` +
        "If your Redis keeps AOF, pass durability: 'durable'; to run without it and accept losing spend on a restart, pass durability: 'volatile'",
    );
  }
  if (report.aof) return;
  const rdb = report.save === '' ? 'RDB snapshots are off too' : `RDB snapshots (save "${report.save}") lose every write since the last snapshot`;
  throw new RedisNotDurableError(
    `${what}: this budgeted run needs a Redis that keeps spend across a restart, but appendonly is no (${rdb}), so a restart would lose the spend and pay for finished items again. ` +
      "Enable AOF: redis-cli CONFIG SET appendonly yes and appendfsync everysec (or always), and set them in redis.conf; or pass durability: 'volatile' to accept the risk",
  );
}
