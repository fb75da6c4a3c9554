import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/util/clock.js';
import { StopSignal } from '../src/executor/stop.js';

describe('StopSignal cancel registrations', () => {
  it('a cancelling stop calls exactly the callbacks still registered, oldest first, once each', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 80 }), (keep, extraRemovals) => {
        const stop = new StopSignal(systemClock, () => undefined);
        const called: number[] = [];
        const unregister = keep.map((_, i) => stop.onCancel(() => called.push(i)));
        keep.forEach((kept, i) => kept || unregister[i]!());
        // Removing twice, or removing what is gone, changes nothing.
        for (const n of extraRemovals) if (unregister.length > 0 && !keep[n % unregister.length]) unregister[n % unregister.length]!();
        stop.trip('aborted', 'test');
        expect(called).toEqual(keep.flatMap((kept, i) => (kept ? [i] : [])));
      }),
    );
  });

  it('a budget stop cancels nothing; callbacks may unregister themselves while a stop runs them', () => {
    const budget = new StopSignal(systemClock, () => undefined);
    let calls = 0;
    budget.onCancel(() => calls++);
    budget.trip('budget', 'spent');
    expect(calls).toBe(0);
    const stop = new StopSignal(systemClock, () => undefined);
    const order: string[] = [];
    const offA = stop.onCancel(() => (order.push('a'), offA()));
    const offB = stop.onCancel(() => (order.push('b'), offB(), offA()));
    stop.onCancel(() => order.push('c'));
    stop.trip('deadline', 'late');
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
