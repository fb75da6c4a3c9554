import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { quitWithin } from '../src/worker-close.js';
import { hasRedisServer, ownRedis, type OwnRedis } from './support/redis-server.js';

/** Resolves when `client` has ended, or rejects after `ms`. */
function ended(client: Redis, ms: number): Promise<void> {
  if (client.status === 'end') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client still ${client.status} after ${ms} ms`)), ms);
    client.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

if (!hasRedisServer) {
  console.warn('redis-server is not installed: the worker-close tests, which pause their own Redis, are skipped');
}
const withServer = hasRedisServer ? describe : describe.skip;

withServer('quitWithin', () => {
  let server: OwnRedis | undefined;
  afterEach(async () => {
    server?.resume();
    await server?.stop();
    server = undefined;
  });

  it('closes a client whose Redis answers nothing (paused) within its bound, where a plain QUIT waits forever', async () => {
    server = await ownRedis({ aof: 'no' });
    const paused = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: null });
    paused.on('error', () => undefined);
    await paused.ping();
    server.pause();
    // The plain QUIT does not settle while Redis is paused.
    const plain = await Promise.race([paused.quit().then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 500))]);
    expect(plain).toBe('pending');
    const other = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: null });
    other.on('error', () => undefined);
    await new Promise((resolve) => other.once('connect', resolve));
    const started = Date.now();
    await quitWithin(other, 300);
    expect(Date.now() - started).toBeLessThan(3_000);
    await ended(other, 1_000);
    paused.disconnect();
  });

  it('quits cleanly when Redis answers', async () => {
    server = await ownRedis({ aof: 'no' });
    const client = new Redis({ host: server.host, port: server.port });
    await client.set('k', 'v');
    const started = Date.now();
    await quitWithin(client, 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    await ended(client, 1_000);
  });
});
