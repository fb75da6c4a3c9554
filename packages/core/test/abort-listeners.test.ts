import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { whenAborted } from '../src/util/abort-listeners.js';

describe('whenAborted', () => {
  it('puts one listener on the signal however many callbacks wait, and calls them once, in order, on abort', () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 100; i++) whenAborted(controller.signal, () => calls.push(i));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(calls).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('a cancelled callback is not called, and the listener goes with the last callback', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const cancelA = whenAborted(controller.signal, () => calls.push('a'));
    const cancelB = whenAborted(controller.signal, () => calls.push('b'));
    cancelA();
    cancelA();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    cancelB();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // A new callback after the group emptied gets a fresh listener.
    whenAborted(controller.signal, () => calls.push('c'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    expect(calls).toEqual(['c']);
  });

  it('a callback may cancel one behind it while the abort runs', () => {
    const controller = new AbortController();
    const calls: string[] = [];
    let cancelSecond = () => {};
    whenAborted(controller.signal, () => {
      calls.push('first');
      cancelSecond();
    });
    cancelSecond = whenAborted(controller.signal, () => calls.push('second'));
    whenAborted(controller.signal, () => calls.push('third'));
    controller.abort();
    expect(calls).toEqual(['first', 'third']);
  });

  it('on a signal already aborted, calls back in a microtask unless cancelled first', async () => {
    const calls: string[] = [];
    whenAborted(AbortSignal.abort(), () => calls.push('called'));
    const cancel = whenAborted(AbortSignal.abort(), () => calls.push('cancelled'));
    cancel();
    expect(calls).toEqual([]);
    await Promise.resolve();
    expect(calls).toEqual(['called']);
  });
});
