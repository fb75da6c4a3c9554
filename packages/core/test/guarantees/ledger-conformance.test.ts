import { expect, it } from 'vitest';
import { cappedLedger, carvedLedger, memoryLedger } from '../../src/index.js';
import { describeLedgerConformance } from '../../src/testing.js';
import { Spend, type SpendRun } from '../../src/budget/spend.js';

describeLedgerConformance('memoryLedger', { create: ({ capUsd }) => memoryLedger({ capUsd }) });

// A carved ledger capped by its own cap, under a parent agent holding far more.
describeLedgerConformance('carvedLedger (own cap)', {
  create: async ({ capUsd }) => {
    const parentLedger = memoryLedger({ capUsd: 100 });
    const id = await parentLedger.reserve(10);
    return carvedLedger(parentSpend(parentLedger, id!, 10), capUsd);
  },
});

// A run's cap over a shared ledger with room to spare (the run's cap is the one tested), and a run
// without a cap of its own over a shared ledger that holds the cap.
describeLedgerConformance('cappedLedger (run cap)', { create: ({ capUsd }) => cappedLedger(memoryLedger({ capUsd: 1_000 }), capUsd) });
describeLedgerConformance('cappedLedger (shared cap)', { create: ({ capUsd }) => cappedLedger(memoryLedger({ capUsd }), undefined) });

it('a carved ledger without a cap of its own refuses even a zero reservation once its parent budget is spent', async () => {
  const parentLedger = memoryLedger({ capUsd: 0.1 });
  const id = (await parentLedger.reserve(0.1))!;
  const spend = parentSpend(parentLedger, id, 0.1);
  spend.report(0.1);
  const child = carvedLedger(spend);
  expect(await child.reserve(0)).toBeUndefined();
  expect(await child.reserve(0.01)).toBeUndefined();
});

function parentSpend(ledger: ReturnType<typeof memoryLedger>, id: string, held: number): Spend {
  const run: SpendRun = {
    ledger,
    onCost: () => undefined,
    onExhausted: () => undefined,
    onOvershoot: () => undefined,
    overshot: () => false,
    onClaim: () => undefined,
    onLateReport: () => undefined,
    awaitRelease: async () => false,
  };
  return new Spend(run, id, held, { costUsd: 0, index: 0 }, 'parent');
}
