import { Redis } from 'ioredis';
import { REDIS_URL } from './redis-url.js';

/**
 * vitest globalSetup: ping Redis once and stop the whole run with a clear
 * message when none answers, instead of letting every test time out.
 */
export default async function requireRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `The @flotilla/redis tests need a Redis server at ${REDIS_URL}, and none answered (${(error as Error).message}). ` +
        'Start one: `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no` ' +
        '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis; or `docker run -d -p 6379:6379 redis:7`), ' +
        'or point REDIS_URL at another one. The tests use a unique key prefix and delete their keys; they never flush.',
    );
  } finally {
    redis.disconnect();
  }
}
