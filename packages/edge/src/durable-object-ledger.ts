import type { Ledger, LedgerSnapshot } from '@flotilla/core';
import { BUDGET_URL, type BudgetAnswer, type BudgetOperation } from './budget-protocol.js';
import type { DurableObjectNamespaceLike } from './cloudflare-types.js';
import { BudgetUnavailableError } from './budget-unavailable-error.js';
import { periodLabel, type BudgetPeriod } from './budget-period.js';

/** Options of {@link durableObjectLedger}. */
export interface DurableObjectLedgerOptions {
  /** The most the key may spend per period, in USD (a finite number >= 0). */
  capUsd: number;
  /** How often the budget starts afresh (default `'day'`, in UTC). See {@link BudgetPeriod}. */
  period?: BudgetPeriod;
  /**
   * How long a reservation lives without being settled, in milliseconds
   * (default 15 minutes). A worker that dies mid-run cannot settle its
   * reservations; they lapse after this and their money returns to the budget.
   * Keep it above your longest run (`maxTotalDurationMs`).
   */
  leaseMs?: number;
  /** Wall clock in milliseconds since the epoch (default `Date.now`); picks the period. */
  now?: () => number;
}

/** Defaults of {@link DurableObjectLedgerOptions}. */
export const DURABLE_OBJECT_LEDGER_DEFAULTS = {
  /** The budget resets every UTC day. */
  period: 'day',
  /** How long an unsettled reservation holds money, in milliseconds (15 minutes). */
  leaseMs: 15 * 60_000,
} as const;

/**
 * The core `Ledger` interface over a {@link BudgetLedger} Durable Object: the
 * budget of `key` (e.g. an API key id) for the current period, shared by every
 * request and every isolate. The object is named `<key>@<period>`, so a new
 * period starts from zero; a ledger made in one period settles its
 * reservations in that same period's object.
 *
 * Pass it as `ledger` to `dispatch` (or let `createDispatchApp` do so through
 * its `ledger` option); `maxTotalCostUsd` then no longer caps the run by itself,
 * which is why `createDispatchApp` layers the run's cap over it.
 *
 * @throws RangeError when `capUsd` is not a finite number >= 0 or `leaseMs` is not > 0.
 * @example
 * const ledger = durableObjectLedger(env.BUDGET, keyId, { capUsd: 5, period: 'day' });
 * await dispatch({ agent, inputs, ledger, limits: { costPerAgentUsd: 0.01 } });
 */
export function durableObjectLedger(
  namespace: DurableObjectNamespaceLike,
  key: string,
  options: DurableObjectLedgerOptions,
): Ledger {
  const { capUsd, period = DURABLE_OBJECT_LEDGER_DEFAULTS.period, leaseMs = DURABLE_OBJECT_LEDGER_DEFAULTS.leaseMs } = options;
  if (!(typeof capUsd === 'number' && Number.isFinite(capUsd) && capUsd >= 0)) {
    throw new RangeError(`capUsd must be a finite amount >= 0 in USD, got ${String(capUsd)}`);
  }
  if (!(typeof leaseMs === 'number' && Number.isFinite(leaseMs) && leaseMs > 0)) {
    throw new RangeError(`leaseMs must be a finite number of milliseconds > 0, got ${String(leaseMs)}`);
  }
  const name = `${key}@${periodLabel(period, (options.now ?? Date.now)())}`;
  const stub = namespace.get(namespace.idFromName(name) as never);

  const send = async (operation: BudgetOperation): Promise<BudgetAnswer> => {
    let response: Response;
    try {
      response = await stub.fetch(BUDGET_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(operation),
      });
    } catch (cause) {
      throw new BudgetUnavailableError(`the budget object could not be reached for '${operation.op}'; retry the request`, { cause });
    }
    if (!response.ok) {
      throw new BudgetUnavailableError(`the budget object answered HTTP ${response.status} to '${operation.op}'; check that the BudgetLedger class is exported by the worker and bound in wrangler.jsonc`);
    }
    return (await response.json()) as BudgetAnswer;
  };

  return {
    async reserve(amountUsd) {
      const answer = await send({ op: 'reserve', amountUsd, capUsd, leaseMs });
      return answer.id ?? undefined;
    },
    async extend(id, amountUsd) {
      const answer = await send({ op: 'extend', id, amountUsd, capUsd, leaseMs });
      return answer.ok === true;
    },
    async commit(id, actualUsd) {
      await send({ op: 'commit', id, actualUsd });
    },
    async release(id) {
      await send({ op: 'release', id });
    },
    async snapshot(): Promise<LedgerSnapshot> {
      const { spentUsd, reservedUsd } = await send({ op: 'snapshot' });
      return { capUsd, spentUsd, reservedUsd };
    },
  };
}
