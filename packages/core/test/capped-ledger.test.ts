import { describe, expect, it } from 'vitest';
import { cappedLedger, InvalidOptionsError, memoryLedger, type Ledger } from '../src/index.js';
import { FakeClock } from './support/fake-clock.js';

describe('cappedLedger', () => {
  it('keeps both the run cap and the shared cap, whichever is tighter', async () => {
    const shared = memoryLedger({ capUsd: 0.05 });
    const run = cappedLedger(shared, 0.03);
    const granted = await Promise.all(Array.from({ length: 10 }, () => run.reserve(0.01)));
    expect(granted.filter(Boolean)).toHaveLength(3);
    const other = cappedLedger(shared, 1);
    expect((await Promise.all(Array.from({ length: 10 }, () => other.reserve(0.01)))).filter(Boolean)).toHaveLength(2);
    expect(await shared.snapshot()).toEqual({ capUsd: 0.05, spentUsd: 0, reservedUsd: 0.05 });
    // Each reports the budget with less left: the run's own cap for `run`, the shared one for `other`.
    expect(await run.snapshot()).toEqual({ capUsd: 0.03, spentUsd: 0, reservedUsd: 0.03 });
    expect((await other.snapshot()).capUsd).toBe(0.05);
  });

  it('undoes its own booking when the shared ledger refuses an extension', async () => {
    const shared = memoryLedger({ capUsd: 0.02 });
    const run = cappedLedger(shared, 0.02);
    const id = (await run.reserve(0.01))!;
    const elsewhere = (await shared.reserve(0.01))!;
    expect(await run.extend(id, 0.01)).toBe(false);
    await shared.release(elsewhere);
    // Had the refused extension stayed booked, the run would count 0.02 held and refuse this.
    expect(await run.reserve(0.01)).toBeDefined();
    await run.commit(id, 0.004);
    expect(await shared.snapshot()).toMatchObject({ spentUsd: 0.004, reservedUsd: 0.01 });
  });

  it('undoes its own booking when the shared ledger fails, and passes the failure on', async () => {
    const failing: Ledger = { ...memoryLedger(), reserve: () => Promise.reject(new Error('budget store unreachable')) };
    const run = cappedLedger(failing, 0.01);
    await expect(run.reserve(0.01)).rejects.toThrow('budget store unreachable');
    expect(await run.snapshot()).toMatchObject({ capUsd: 0.01, reservedUsd: 0 });
    expect(await run.settled(0)).toBe(true);
  });

  it('settles only once every reservation is committed or released', async () => {
    const run = cappedLedger(memoryLedger({ capUsd: 1 }), undefined);
    expect(await run.settled(10)).toBe(true);
    const a = (await run.reserve(0.1))!;
    const b = (await run.reserve(0.1))!;
    const settled = run.settled(1_000);
    await run.commit(a, 0.05);
    expect(await run.settled(5)).toBe(false);
    await run.release(b);
    expect(await settled).toBe(true);
  });

  it('waits for a shared commit still in flight', async () => {
    let finish!: () => void;
    const shared = memoryLedger({ capUsd: 1 });
    const slow: Ledger = { ...shared, commit: (id, usd) => new Promise<void>((resolve) => (finish = resolve)).then(() => shared.commit(id, usd)) };
    const run = cappedLedger(slow, 1);
    const id = (await run.reserve(0.1))!;
    const committing = run.commit(id, 0.1);
    let done: boolean | undefined;
    const settled = run.settled(1_000).then((value) => (done = value));
    await Promise.resolve();
    expect(done).toBeUndefined();
    finish();
    await committing;
    expect(await settled).toBe(true);
    expect((await shared.snapshot()).spentUsd).toBe(0.1);
  });

  it('gives up after timeoutMs on the injected clock, and when its signal aborts', async () => {
    const clock = new FakeClock();
    const run = cappedLedger(memoryLedger(), 1, { clock });
    await run.reserve(0.1);
    let timedOut: boolean | undefined;
    void run.settled(500).then((value) => (timedOut = value));
    await clock.advance(499);
    expect(timedOut).toBeUndefined();
    await clock.advance(1);
    expect(timedOut).toBe(false);

    const controller = new AbortController();
    const aborted = run.settled(60_000, controller.signal);
    controller.abort();
    expect(await aborted).toBe(false);
    expect(clock.pending).toBe(0);
    expect(await run.settled(60_000, AbortSignal.abort())).toBe(false);
  });

  it('refuses a cap that is not an amount', () => {
    for (const cap of [-1, Number.NaN, -Infinity, '1' as unknown as number]) {
      expect(() => cappedLedger(memoryLedger(), cap)).toThrow(InvalidOptionsError);
    }
    expect(() => cappedLedger(memoryLedger(), Infinity)).not.toThrow();
    expect(() => cappedLedger(memoryLedger(), 0)).not.toThrow();
  });
});
