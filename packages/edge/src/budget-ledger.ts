import type { BudgetAnswer, BudgetOperation } from './budget-protocol.js';
import type { DurableObjectStateLike } from './cloudflare-types.js';

// Integer nano-dollars, in core's one money module: float sums such as
// 0.1 + 0.2 would otherwise let a reservation slip past the cap.
import { fitsUnderCap, isAmount, nanosSpent, nanosUp as toNanos, usdOf as toUsd } from '@flotilla/core/internal';

/** One open reservation: what it holds and when it lapses if never settled. */
interface Hold {
  nanos: number;
  expiresAt: number;
}

/** Everything the object persists, under one storage key so each write is atomic. */
interface BudgetState {
  spentNanos: number;
  holds: Record<string, Hold>;
}

const STATE_KEY = 'budget';

/**
 * A Durable Object holding one spend budget: in @flotilla/edge, one API key's
 * budget for one period (see {@link durableObjectLedger}, which names the
 * object after the key and the period). Every request and every isolate that
 * uses the same name reaches this single object, so the cap is shared.
 *
 * Why concurrent requests can never overspend: a Durable Object runs one event
 * at a time, and each operation checks the cap and updates the totals in one
 * synchronous step (no `await` between the check and the update), then writes
 * the whole state under a single storage key (an atomic write). The runtime's
 * output gate holds the answer until that write is durable, so a granted
 * reservation is never lost to a restart.
 *
 * A reservation that is never settled (its worker crashed) lapses after its
 * lease (`leaseMs`, sent by the client; 15 minutes by default) and its money
 * returns to the budget.
 *
 * Export it from your worker's entry module and bind it in wrangler.jsonc:
 *
 * @example
 * // src/index.ts
 * export { BudgetLedger } from '@flotilla/edge';
 * // wrangler.jsonc
 * // "durable_objects": { "bindings": [{ "name": "BUDGET", "class_name": "BudgetLedger" }] },
 * // "migrations": [{ "tag": "v1", "new_sqlite_classes": ["BudgetLedger"] }]
 */
export class BudgetLedger {
  private state: BudgetState = { spentNanos: 0, holds: {} };
  /** Bumped by every change of `state`; a read-only operation writes nothing. */
  private version = 0;

  /** Called by the Workers runtime; loads the persisted totals before any request is served. */
  constructor(
    private readonly ctx: DurableObjectStateLike,
    _env?: unknown,
  ) {
    void ctx.blockConcurrencyWhile(async () => {
      const stored = (await ctx.storage.get(STATE_KEY)) as BudgetState | undefined;
      if (stored) this.state = stored;
    });
  }

  /** Serve one {@link BudgetOperation} posted as JSON; answers a {@link BudgetAnswer}. */
  async fetch(request: Request): Promise<Response> {
    let operation: BudgetOperation;
    try {
      operation = (await request.json()) as BudgetOperation;
    } catch {
      return Response.json({ error: 'the budget expects a JSON operation' }, { status: 400 });
    }
    const before = this.version;
    const answer = this.apply(operation, Date.now());
    if (!answer) return Response.json({ error: 'unknown or malformed budget operation' }, { status: 400 });
    // Answer only once the change is stored, so a granted reservation survives a restart.
    if (this.version !== before) await this.ctx.storage.put(STATE_KEY, this.state);
    return Response.json(answer);
  }

  /** Apply one operation synchronously: the check and the update cannot interleave with another request. */
  private apply(operation: BudgetOperation, now: number): BudgetAnswer | undefined {
    this.lapse(now);
    switch (operation.op) {
      case 'reserve': {
        if (!isAmount(operation.amountUsd) || !isCap(operation.capUsd) || !isLease(operation.leaseMs)) return undefined;
        const nanos = toNanos(operation.amountUsd);
        if (!this.fits(nanos, operation.capUsd)) return this.answer({ id: null });
        const id = crypto.randomUUID();
        this.state.holds[id] = { nanos, expiresAt: now + operation.leaseMs };
        this.version++;
        return this.answer({ id });
      }
      case 'extend': {
        if (!isAmount(operation.amountUsd) || !isCap(operation.capUsd) || !isLease(operation.leaseMs)) return undefined;
        const hold = this.hold(operation.id);
        const nanos = toNanos(operation.amountUsd);
        if (!hold || !this.fits(nanos, operation.capUsd)) return this.answer({ ok: false });
        hold.nanos += nanos;
        hold.expiresAt = now + operation.leaseMs;
        this.version++;
        return this.answer({ ok: true });
      }
      case 'commit': {
        if (!isAmount(operation.actualUsd)) return undefined;
        // Money reported as spent is spent, even past the cap: the cap is kept
        // by reserving before spending, never by forgetting real spend.
        if (this.hold(operation.id)) {
          delete this.state.holds[operation.id];
          this.state.spentNanos += nanosSpent(operation.actualUsd);
          this.version++;
        }
        return this.answer({});
      }
      case 'release': {
        if (this.hold(operation.id)) {
          delete this.state.holds[operation.id];
          this.version++;
        }
        return this.answer({});
      }
      case 'snapshot':
        return this.answer({});
      default:
        return undefined;
    }
  }

  /** A zero reservation still needs money left, as in core's memoryLedger. */
  private fits(nanos: number, capUsd: number): boolean {
    const cap = toNanos(capUsd);
    const used = this.state.spentNanos + this.reservedNanos();
    return fitsUnderCap(used, nanos, cap);
  }

  private hold(id: unknown): Hold | undefined {
    return typeof id === 'string' && Object.hasOwn(this.state.holds, id) ? this.state.holds[id] : undefined;
  }

  private reservedNanos(): number {
    let total = 0;
    for (const hold of Object.values(this.state.holds)) total += hold.nanos;
    return total;
  }

  /** Return the money of reservations whose worker never settled them. */
  private lapse(now: number): void {
    for (const [id, hold] of Object.entries(this.state.holds)) {
      if (hold.expiresAt <= now) {
        delete this.state.holds[id];
        this.version++;
      }
    }
  }

  private answer(extra: Partial<BudgetAnswer>): BudgetAnswer {
    return { ...extra, spentUsd: toUsd(this.state.spentNanos), reservedUsd: toUsd(this.reservedNanos()) };
  }
}

// JSON has no Infinity (it arrives as null and is refused): a budget object always has a finite cap.
const isCap = isAmount;
const isLease = (ms: unknown): ms is number => typeof ms === 'number' && Number.isFinite(ms) && ms > 0;
