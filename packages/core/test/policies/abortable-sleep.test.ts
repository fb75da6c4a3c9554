import { describe, expect, it, vi } from 'vitest';
import { abortError, sleep } from '../../src/policies/abortable-sleep.js';
import { AbortedError, DeadlineError } from '../../src/errors.js';
import { FakeClock } from '../support/fake-clock.js';

describe('sleep', () => {
  it('resolves after ms on the injected clock, not before', async () => {
    const clock = new FakeClock();
    let done = false;
    void sleep(500, { clock }).then(() => (done = true));
    await clock.advance(499);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('rejects promptly on abort and clears its timer', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const waiting = sleep(60_000, { clock, signal: controller.signal });
    await clock.advance(10);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    expect(clock.pending).toBe(0);
    expect(clock.now()).toBe(10);
  });

  it('rejects at once, arming nothing, when the signal is already aborted', async () => {
    const clock = new FakeClock();
    await expect(sleep(100, { clock, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(clock.pending).toBe(0);
  });

  it('removes its abort listener once the wait is over', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = sleep(5, { clock, signal: controller.signal });
    await clock.runAll();
    await waiting;
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
    controller.abort(); // harmless now
  });

  it('works on the real clock too', async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects a non-number delay', async () => {
    await expect(sleep(Number.NaN)).rejects.toThrow(RangeError);
  });
});

describe('abortError', () => {
  it('passes a Flotilla reason through, so a stop keeps its code', () => {
    const deadline = new DeadlineError('past the deadline');
    const controller = new AbortController();
    controller.abort(deadline);
    expect(abortError(controller.signal)).toBe(deadline);
  });

  it('wraps any other reason in an AbortedError that keeps it as cause', () => {
    const controller = new AbortController();
    controller.abort('user clicked stop');
    const error = abortError(controller.signal);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.code).toBe('aborted');
    expect(error.cause).toBe('user clicked stop');
  });
});
