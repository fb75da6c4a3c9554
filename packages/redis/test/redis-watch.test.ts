import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '@flotilla/core';
import { Redis } from 'ioredis';
import { RedisWatch } from '../src/redis-watch.js';
import { REDIS_URL } from './support/redis.js';

/** Keep this process from running for `ms` (a busy event loop, a long GC, a descheduled process). */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

const clients: Redis[] = [];
const watches: RedisWatch[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.stop();
  for (const client of clients.splice(0)) client.disconnect();
});

function watchOn(redis: Redis, unavailableAfterMs: number) {
  clients.push(redis);
  redis.on('error', () => undefined);
  const outages: Error[] = [];
  const watch = new RedisWatch({ redis, probeMs: 25, unavailableAfterMs, what: 'test watch', onUnavailable: (error) => outages.push(error), onRestart: () => undefined });
  watches.push(watch);
  return { watch, outages };
}

describe('RedisWatch', () => {
  it('does not take a stall of its own process for an outage of a Redis that answers', async () => {
    const { watch, outages } = watchOn(new Redis(REDIS_URL, { maxRetriesPerRequest: null }), 100);
    await watch.start();
    // Each stall is 4x unavailableAfterMs; Redis answers every probe sent between them.
    for (let i = 0; i < 5; i++) {
      stall(400);
      await sleep(60);
    }
    expect(outages).toEqual([]);
  });

  it('still reports a Redis that does not answer, once it has been silent for unavailableAfterMs of running time', async () => {
    const { watch, outages } = watchOn(new Redis({ host: '127.0.0.1', port: 1, maxRetriesPerRequest: null, retryStrategy: () => 20 }), 200);
    const started = watch.start().catch((error: unknown) => error);
    stall(300);
    await sleep(80);
    // The stall does not count as silence: about 80 ms of running time so far.
    expect(outages).toEqual([]);
    await sleep(300);
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ name: 'RedisUnavailableError', code: 'redis_unavailable' });
    expect(await started).toBe(outages[0]);
  });
});
