import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

describe('FakeClock', () => {
  it('moves time only through advance, firing due timers in order at their due time', async () => {
    const clock = new FakeClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    clock.setTimeout(() => fired.push(['c', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 50);
    expect(clock.now()).toBe(1000);
    await clock.advance(30);
    expect(fired).toEqual([['a', 1010], ['b', 1020], ['c', 1020]]);
    expect(clock.now()).toBe(1030);
    expect(clock.pending).toBe(1);
  });

  it('fires timers armed by timers within the same advance, and skips cleared ones', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const doomed = clock.setTimeout(() => fired.push(-1), 5);
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 3);
    }, 2);
    clock.clearTimeout(doomed);
    await clock.advance(10);
    expect(fired).toEqual([2, 5]);
    expect(clock.pending).toBe(0);
  });

  it('runs promise continuations before the next timer fires', async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const at = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    void at(100).then(() => seen.push(clock.now()));
    void at(200).then(() => seen.push(clock.now()));
    await clock.runAll();
    expect(seen).toEqual([100, 200]);
  });

  it('runAll refuses to spin forever on a timer that always re-arms', async () => {
    const clock = new FakeClock();
    const rearm = () => void clock.setTimeout(rearm, 1);
    rearm();
    await expect(clock.runAll(50)).rejects.toThrow(/re-arms forever/);
  });
});
