import { afterEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../budget/ledger.js';

/** How {@link describeLedgerConformance} builds a ledger under test. */
export interface LedgerConformanceOptions {
  /** Make a fresh ledger with nothing spent or held, capped at `capUsd` USD. */
  create(options: { capUsd: number }): Ledger | Promise<Ledger>;
  /** Tear a ledger down after each test (close connections, delete keys). */
  destroy?(ledger: Ledger): Promise<void> | void;
}

/**
 * Register the shared `Ledger` conformance tests under `describe(name)`.
 * Every ledger (memory, carved, Durable Object, Redis...) runs the same suite.
 *
 * @example
 * describeLedgerConformance('memoryLedger', { create: ({ capUsd }) => memoryLedger({ capUsd }) });
 */
export function describeLedgerConformance(name: string, options: LedgerConformanceOptions): void {
  describe(`${name} (Ledger conformance)`, () => {
    const made: Ledger[] = [];
    const create = async (capUsd: number) => {
      const ledger = await options.create({ capUsd });
      made.push(ledger);
      return ledger;
    };
    afterEach(async () => {
      for (const ledger of made.splice(0)) await options.destroy?.(ledger);
    });

    it('grants a reservation that fits and holds it', async () => {
      const ledger = await create(1);
      expect(await ledger.reserve(0.4)).toEqual(expect.any(String));
      const snapshot = await ledger.snapshot();
      expect(snapshot.capUsd).toBeCloseTo(1, 9);
      expect(snapshot.reservedUsd).toBeCloseTo(0.4, 9);
      expect(snapshot.spentUsd).toBe(0);
    });

    it('refuses a reservation past the cap, and one that would reach past it', async () => {
      const ledger = await create(0.5);
      expect(await ledger.reserve(0.6)).toBeUndefined();
      expect(await ledger.reserve(0.3)).toBeDefined();
      expect(await ledger.reserve(0.3)).toBeUndefined();
      expect(await ledger.reserve(0.2)).toBeDefined();
    });

    it('adds amounts exactly: 0.1 + 0.2 fits a cap of 0.3', async () => {
      const ledger = await create(0.3);
      expect(await ledger.reserve(0.1)).toBeDefined();
      expect(await ledger.reserve(0.2)).toBeDefined();
      expect(await ledger.reserve(0.000001)).toBeUndefined();
    });

    it('grants a zero-amount reservation while money is left, and refuses it once the cap is spent', async () => {
      const ledger = await create(0.1);
      const zero = await ledger.reserve(0);
      expect(zero).toBeDefined();
      await ledger.release(zero!);
      const id = await ledger.reserve(0.1);
      await ledger.commit(id!, 0.1);
      expect(await ledger.reserve(0)).toBeUndefined();
    });

    it('extends a held reservation while it fits, and refuses past the cap or for an unknown id', async () => {
      const ledger = await create(1);
      const id = (await ledger.reserve(0.5))!;
      expect(await ledger.extend(id, 0.3)).toBe(true);
      expect(await ledger.extend(id, 0.3)).toBe(false);
      expect((await ledger.snapshot()).reservedUsd).toBeCloseTo(0.8, 9);
      expect(await ledger.extend('no-such-reservation', 0.1)).toBe(false);
    });

    it('commit below the reservation spends the actual amount and returns the rest', async () => {
      const ledger = await create(1);
      const id = (await ledger.reserve(0.5))!;
      await ledger.commit(id, 0.2);
      const snapshot = await ledger.snapshot();
      expect(snapshot.spentUsd).toBeCloseTo(0.2, 9);
      expect(snapshot.reservedUsd).toBeCloseTo(0, 9);
    });

    it('commit above the reservation counts all of it as spent (an overshoot is never hidden)', async () => {
      const ledger = await create(1);
      const id = (await ledger.reserve(0.1))!;
      await ledger.commit(id, 1.5);
      expect((await ledger.snapshot()).spentUsd).toBeCloseTo(1.5, 9);
      expect(await ledger.reserve(0)).toBeUndefined();
    });

    it('release returns the whole reservation and spends nothing', async () => {
      const ledger = await create(1);
      const id = (await ledger.reserve(0.7))!;
      await ledger.release(id);
      expect(await ledger.snapshot()).toMatchObject({ spentUsd: 0, reservedUsd: 0 });
      expect(await ledger.reserve(1)).toBeDefined();
    });

    it('settling an id twice, or an unknown id, changes nothing', async () => {
      const ledger = await create(1);
      const id = (await ledger.reserve(0.5))!;
      await ledger.commit(id, 0.25);
      await ledger.commit(id, 0.25);
      await ledger.release(id);
      await ledger.release('no-such-reservation');
      await ledger.commit('no-such-reservation', 0.5);
      const snapshot = await ledger.snapshot();
      expect(snapshot.spentUsd).toBeCloseTo(0.25, 9);
      expect(snapshot.reservedUsd).toBeCloseTo(0, 9);
    });

    it('concurrent reservations never hold more than the cap', async () => {
      const ledger = await create(1);
      const granted = (await Promise.all(Array.from({ length: 60 }, () => ledger.reserve(0.03)))).filter((id) => id !== undefined);
      expect(granted).toHaveLength(33);
      expect(new Set(granted).size).toBe(33);
      const snapshot = await ledger.snapshot();
      expect(snapshot.reservedUsd).toBeLessThanOrEqual(1 + 1e-9);
    });
  });
}
