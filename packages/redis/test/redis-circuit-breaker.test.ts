import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, sleep, type CircuitState } from '@flotilla/core';
import { redisCircuitBreaker, type RedisCircuitBreaker } from '../src/index.js';
import { client, deleteKeys, testPrefix } from './support/redis.js';

const prefix = testPrefix('circuit');
const redis = client();
const other = client();
let n = 0;
const key = () => `${prefix}:${n++}`;
const open: RedisCircuitBreaker[] = [];

afterAll(async () => {
  await Promise.all(open.map((breaker) => breaker.close()));
  await deleteKeys(redis, prefix);
  redis.disconnect();
  other.disconnect();
});

async function pair(options: Omit<Parameters<typeof redisCircuitBreaker>[0], 'redis' | 'key'>) {
  const name = key();
  const a = redisCircuitBreaker({ redis, key: name, ...options });
  const b = redisCircuitBreaker({ redis: other, key: name, ...options });
  open.push(a, b);
  await Promise.all([a.ready(), b.ready()]);
  return [a, b] as const;
}

describe('redisCircuitBreaker', () => {
  it('failures in one process open the circuit for another, which refuses at once', async () => {
    const [a, b] = await pair({ consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
    const seen: CircuitState[] = [];
    b.onStateChange((state) => seen.push(state));
    for (let i = 0; i < 3; i++) {
      const permit = a.tryAcquire();
      expect(permit.allowed).toBe(true);
      if (permit.allowed) permit.done(false);
    }
    await expect.poll(() => b.state).toBe('open');
    const refusal = b.tryAcquire();
    expect(refusal.allowed).toBe(false);
    if (!refusal.allowed) {
      expect(refusal.error.code).toBe('circuit_open');
      expect(refusal.error.message).toMatch(/3 consecutive failures/);
    }
    expect(seen).toEqual(['open']);
  });

  it('half-opens everywhere after halfOpenAfterMs; a probe success in one process closes it for all', async () => {
    const [a, b] = await pair({ consecutiveFailures: 1, halfOpenAfterMs: 150 });
    const first = a.tryAcquire();
    if (first.allowed) first.done(false);
    await expect.poll(() => b.state).toBe('open');
    await sleep(170);
    expect(a.state).toBe('half-open');
    expect(b.state).toBe('half-open');
    const probe = b.tryAcquire();
    expect(probe.allowed).toBe(true);
    expect(b.tryAcquire().allowed).toBe(false); // one probe per process at a time
    if (probe.allowed) probe.done(true);
    await expect.poll(() => a.state).toBe('closed');
    expect(a.tryAcquire().allowed).toBe(true);
  });

  it('a failed probe re-opens the circuit for everyone', async () => {
    const [a, b] = await pair({ consecutiveFailures: 1, halfOpenAfterMs: 100 });
    const first = a.tryAcquire();
    if (first.allowed) first.done(false);
    await sleep(130);
    const probe = a.tryAcquire();
    if (probe.allowed) probe.done(false);
    await expect.poll(() => b.tryAcquire().allowed).toBe(false);
    expect(b.state).toBe('open');
  });

  it('opens on a shared failure ratio counted over both processes', async () => {
    const [a, b] = await pair({ failureRatio: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 60_000 });
    const outcomes: [RedisCircuitBreaker, boolean][] = [[a, true], [b, false], [a, false], [b, false]];
    for (const [breaker, success] of outcomes) {
      const permit = breaker.tryAcquire();
      if (permit.allowed) permit.done(success);
      await sleep(10);
    }
    await expect.poll(() => a.state).toBe('open');
    expect(b.state).toBe('open');
  });

  it('is the circuit of a dispatch: items fail with circuit_open once another process opened it', async () => {
    const [a, b] = await pair({ consecutiveFailures: 2, halfOpenAfterMs: 60_000 });
    const failing = await dispatch({ agent: () => Promise.reject(new Error('down')), inputs: [1, 2], cache: false, circuit: a, limits: { maxConcurrent: 1 } });
    expect(failing.results.every((r) => r.error?.code === 'agent_error')).toBe(true);
    await expect.poll(() => b.state).toBe('open');
    let ran = 0;
    const run = await dispatch({ agent: () => void ran++, inputs: [1, 2, 3], cache: false, circuit: b });
    expect(ran).toBe(0);
    expect(run.results.map((r) => r.error?.code)).toEqual(['circuit_open', 'circuit_open', 'circuit_open']);
  });
});
