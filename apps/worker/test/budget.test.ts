import { apiKeyId, durableObjectLedger } from '@flotilla/edge';
import { describeLedgerConformance } from '@flotilla/core/testing';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { postDispatch } from './support/api.js';
import { KEYS, TEST_KEY_BUDGET_USD } from './support/bindings.js';

const EPSILON = 1e-9;

describe('BudgetLedger (Durable Object) through durableObjectLedger', () => {
  it('grants exactly what the cap covers to 200 concurrent reservations from separate clients', async () => {
    const name = `concurrent-${crypto.randomUUID()}`;
    // Separate ledger objects stand for separate requests (and isolates) sharing one budget.
    const clients = Array.from({ length: 200 }, () => durableObjectLedger(env.BUDGET, name, { capUsd: 0.05 }));
    const ids = await Promise.all(clients.map((ledger) => ledger.reserve(0.001)));
    expect(ids.filter((id) => id !== undefined)).toHaveLength(50);
    expect(new Set(ids.filter(Boolean)).size).toBe(50);
    const snapshot = await clients[0]!.snapshot();
    expect(snapshot).toEqual({ capUsd: 0.05, spentUsd: 0, reservedUsd: 0.05 });
  });

  it('settles, releases and extends within the cap, and refuses an extension past it', async () => {
    const ledger = durableObjectLedger(env.BUDGET, `settle-${crypto.randomUUID()}`, { capUsd: 0.1 });
    const a = (await ledger.reserve(0.04))!;
    const b = (await ledger.reserve(0.04))!;
    expect(await ledger.reserve(0.03)).toBeUndefined();
    await ledger.commit(a, 0.01);
    expect(await ledger.extend(b, 0.05)).toBe(true);
    expect(await ledger.extend(b, 0.001)).toBe(false);
    await ledger.release(b);
    expect(await ledger.snapshot()).toEqual({ capUsd: 0.1, spentUsd: 0.01, reservedUsd: 0 });
    // Settling twice or an unknown id changes nothing.
    await ledger.commit(a, 1);
    await ledger.release('no-such-id');
    expect((await ledger.snapshot()).spentUsd).toBe(0.01);
  });

  it('returns the money of a reservation that lapsed unsettled', async () => {
    const ledger = durableObjectLedger(env.BUDGET, `lapse-${crypto.randomUUID()}`, { capUsd: 0.01, leaseMs: 1 });
    expect(await ledger.reserve(0.01)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await ledger.reserve(0.01)).toBeDefined();
  });

  it('keeps periods apart: a new day starts from zero', async () => {
    const name = `period-${crypto.randomUUID()}`;
    const monday = durableObjectLedger(env.BUDGET, name, { capUsd: 0.01, now: () => Date.UTC(2026, 4, 4, 23, 59) });
    const tuesday = durableObjectLedger(env.BUDGET, name, { capUsd: 0.01, now: () => Date.UTC(2026, 4, 5, 0, 1) });
    await monday.commit((await monday.reserve(0.01))!, 0.01);
    expect(await monday.reserve(0.001)).toBeUndefined();
    expect(await tuesday.reserve(0.001)).toBeDefined();
  });
});

describe("one API key's budget across many concurrent requests", () => {
  it('never lets concurrent requests spend past the key cap', async () => {
    const requests = Array.from({ length: 24 }, (_, r) =>
      postDispatch(KEYS.budget, {
        agent: 'sentiment',
        inputs: Array.from({ length: 4 }, (_, i) => `budget request ${r} item ${i} ${crypto.randomUUID()} works great`),
      }).then((response) => response.json() as Promise<any>),
    );
    const bodies = await Promise.all(requests);
    const results = bodies.flatMap((body) => body.results);
    const spent = bodies.reduce((sum, body) => sum + body.stats.costUsd, 0);
    const succeeded = results.filter((result: any) => result.ok).length;
    const refused = results.filter((result: any) => result.error?.code === 'budget_exhausted').length;

    // 96 items at about $0.0006 each would cost about $0.06: the $0.02 cap must bite.
    expect(refused).toBeGreaterThan(0);
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded + refused).toBe(96);
    expect(spent).toBeLessThanOrEqual(TEST_KEY_BUDGET_USD + EPSILON);

    const ledger = durableObjectLedger(env.BUDGET, await apiKeyId(KEYS.budget), { capUsd: TEST_KEY_BUDGET_USD });
    const snapshot = await ledger.snapshot();
    expect(snapshot.spentUsd).toBeLessThanOrEqual(TEST_KEY_BUDGET_USD + EPSILON);
    expect(snapshot.reservedUsd).toBe(0);
    expect(snapshot.spentUsd).toBeCloseTo(spent, 9);

    // Later requests use up what the settled reservations gave back, and then spend nothing.
    let late: any;
    for (let i = 0; i < 60; i++) {
      late = await (await postDispatch(KEYS.budget, { agent: 'summarize', inputs: [`late ${crypto.randomUUID()}`] })).json();
      if (!late.results[0].ok) break;
    }
    expect(late.results[0].error.code).toBe('budget_exhausted');
    expect(late.stats.costUsd).toBe(0);
    expect((await ledger.snapshot()).spentUsd).toBeLessThanOrEqual(TEST_KEY_BUDGET_USD + EPSILON);
  });
});

describeLedgerConformance('durableObjectLedger (BudgetLedger in workerd)', {
  create: ({ capUsd }) => durableObjectLedger(env.BUDGET, `conformance-${crypto.randomUUID()}`, { capUsd }),
});
