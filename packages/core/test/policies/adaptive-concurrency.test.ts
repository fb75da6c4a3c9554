import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AimdConcurrency, isOverload } from '../../src/policies/adaptive-concurrency.js';
import { AgentError, RateLimitedError, TimeoutError } from '../../src/errors.js';
import { dispatch } from '../../src/index.js';
import { ResizableSemaphore } from '../../src/policies/resizable-semaphore.js';

const ok = (startedAt = 0, durationMs = 10) => ({ startedAt, durationMs, overloaded: false });
const overload = (startedAt: number, durationMs = 10) => ({ startedAt, durationMs, overloaded: true });

describe('AimdConcurrency', () => {
  it('starts at half the ceiling and grows by one for every `limit` successes', () => {
    const control = new AimdConcurrency(10);
    expect(control.limit).toBe(5);
    for (let i = 0; i < 5; i++) control.record(ok());
    expect(control.limit).toBe(6);
    for (let i = 0; i < 6; i++) control.record(ok());
    expect(control.limit).toBe(7);
  });

  it('never grows past the ceiling nor drops below min', () => {
    const control = new AimdConcurrency(4, { min: 2, initial: 3 });
    for (let i = 0; i < 100; i++) control.record(ok());
    expect(control.limit).toBe(4);
    for (let t = 0; t < 10; t++) control.record(overload(1000 * t));
    expect(control.limit).toBe(2);
    expect(control.stats()).toEqual({ min: 2, max: 4, final: 2, decreases: 10 });
  });

  it('halves once for a burst of overloads from calls launched before the cut', () => {
    const control = new AimdConcurrency(32, { initial: 16 });
    // Sixteen calls started together at t=0; all come back 429.
    for (let i = 0; i < 16; i++) control.record(overload(0, 50 + i));
    expect(control.limit).toBe(8);
    expect(control.stats().decreases).toBe(1);
    // A call launched after the cut that is throttled too cuts again.
    control.record(overload(100));
    expect(control.limit).toBe(4);
  });

  it('stops growing while latency is beyond latencyTolerance x the fastest call', () => {
    const control = new AimdConcurrency(10, { initial: 2, latencyTolerance: 2 });
    control.record(ok(0, 100));
    for (let i = 0; i < 20; i++) control.record(ok(0, 500));
    expect(control.limit).toBe(2);
  });

  it('rejects options that make no sense, naming the option', () => {
    expect(() => new AimdConcurrency(4, { min: 0 })).toThrow(/adaptiveConcurrency.min/);
    expect(() => new AimdConcurrency(4, { initial: 9 })).toThrow(/adaptiveConcurrency.initial/);
    expect(() => new AimdConcurrency(4, { decrease: 1 })).toThrow(/adaptiveConcurrency.decrease/);
    expect(() => new AimdConcurrency(4, { latencyTolerance: 0.5 })).toThrow(/adaptiveConcurrency.latencyTolerance/);
  });

  it('counts 429s, timeouts and errors with a retry-after as overloads, and nothing else', () => {
    expect(isOverload(new RateLimitedError('429'))).toBe(true);
    expect(isOverload(new TimeoutError('slow'))).toBe(true);
    expect(isOverload(new AgentError('503', { retryable: true, retryAfterMs: 100 }))).toBe(true);
    expect(isOverload(new AgentError('bad request'))).toBe(false);
    expect(isOverload(new Error('boom'))).toBe(false);
  });
});

describe('ResizableSemaphore', () => {
  it('property: after the excess holders leave, never more holders than the size; waiters served in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant('acquire'), fc.constant('release'), fc.integer({ min: 1, max: 6 })), { maxLength: 80 }), async (ops) => {
        const semaphore = new ResizableSemaphore(3);
        let holders = 0;
        let size = 3;
        let excess = 0; // holders above the size when it shrank, allowed until they release
        const granted: number[] = [];
        let next = 0;
        for (const op of ops) {
          if (op === 'acquire') {
            const id = next++;
            const grant = () => {
              holders++;
              granted.push(id);
            };
            // A free slot is taken at once; otherwise the promise resolves once it is held.
            const waiting = semaphore.acquire();
            if (waiting) void waiting.then(grant);
            else grant();
          } else if (op === 'release') {
            if (holders === 0) continue;
            holders--;
            if (excess > 0) excess--;
            semaphore.release();
          } else {
            size = op;
            excess = Math.max(0, holders - size);
            semaphore.resize(size);
          }
          await Promise.resolve();
          await Promise.resolve();
          expect(holders).toBeLessThanOrEqual(size + excess);
        }
        expect(granted).toEqual([...granted].sort((a, b) => a - b));
      }),
      { numRuns: 200 },
    );
  });
});

describe('dispatch with limits.adaptiveConcurrency', () => {
  it('backs off when a provider throttles beyond 3 concurrent calls, and reports the limit in stats', async () => {
    let running = 0;
    let throttled = 0;
    const run = await dispatch({
      agent: async (n: number) => {
        running++;
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (running > 3) {
            throttled++;
            throw new RateLimitedError('too many concurrent requests');
          }
          return n;
        } finally {
          running--;
        }
      },
      inputs: Array.from({ length: 120 }, (_, i) => i),
      cache: false,
      retry: { attempts: 20, baseDelayMs: 1, maxDelayMs: 5 },
      limits: { maxConcurrent: 16, adaptiveConcurrency: { initial: 16 } },
    });
    expect(run.results.every((r) => r.ok)).toBe(true);
    const limit = run.stats.concurrencyLimit!;
    expect(limit.max).toBe(16);
    expect(limit.min).toBeLessThanOrEqual(4);
    expect(limit.decreases).toBeGreaterThan(0);
    // Without adaptation nearly every call past the third would be throttled (about 13 of 16 per wave).
    expect(throttled).toBeLessThan(run.stats.agentCalls / 2);
  });

  it('reports no concurrencyLimit without the option, and refuses a value that is not an object or boolean', async () => {
    const run = await dispatch({ agent: (n: number) => n, inputs: [1], cache: false });
    expect(run.stats.concurrencyLimit).toBeUndefined();
    await expect(dispatch({ agent: (n: number) => n, inputs: [1], limits: { adaptiveConcurrency: 3 as never } })).rejects.toThrow(/adaptiveConcurrency must be/);
  });
});
