import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { REDIS_URL } from './redis-url.js';

export { REDIS_URL };

/** A key prefix unique to this test run, so parallel runs never share keys. */
export function testPrefix(name: string): string {
  return `flotilla-test:${name}:${randomUUID().slice(0, 8)}`;
}

/** A client for tests (closed by {@link closeClient}). */
export function client(options: RedisOptions = {}): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 3, ...options });
}

/** Delete every key containing `prefix` (hash-tagged keys too). Never FLUSHALL: the server is shared. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

/** Count the keys containing `prefix`. */
export async function countKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    cursor = next;
    count += found.length;
  } while (cursor !== '0');
  return count;
}
