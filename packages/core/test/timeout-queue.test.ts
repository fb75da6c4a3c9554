import { describe, expect, it } from 'vitest';
import { TimeoutQueue } from '../src/executor/timeout-queue.js';
import { FakeClock } from './support/fake-clock.js';

describe('TimeoutQueue', () => {
  it('fires each timeout once, in start order, on one timer', async () => {
    const clock = new FakeClock();
    const queue = new TimeoutQueue(clock, 100);
    const fired: string[] = [];
    queue.add(() => fired.push('a'));
    await clock.advance(10);
    queue.add(() => fired.push('b'));
    queue.add(() => fired.push('c'));
    expect(clock.pending).toBe(1);
    await clock.advance(95);
    expect(fired).toEqual(['a']);
    await clock.advance(10);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.pending).toBe(0);
  });

  it('never fires a cancelled timeout, and keeps nothing for agents that ended', async () => {
    const clock = new FakeClock();
    const queue = new TimeoutQueue(clock, 50);
    const fired: number[] = [];
    const cancels = Array.from({ length: 5 }, (_, i) => queue.add(() => fired.push(i)));
    cancels[0]!();
    cancels[2]!();
    await clock.advance(60);
    expect(fired).toEqual([1, 3, 4]);
  });

  it('close() leaves no timer behind', async () => {
    const clock = new FakeClock();
    const queue = new TimeoutQueue(clock, 1000);
    const cancel = queue.add(() => {
      throw new Error('must not fire');
    });
    cancel();
    queue.close();
    expect(clock.pending).toBe(0);
    await clock.advance(2000);
  });
});
