import { randomUUID } from 'node:crypto';
import type { Ledger, LedgerSnapshot } from '@flotilla/core';
import type { Redis } from 'ioredis';
import { RedisStateLostError, redisFailure } from './errors.js';
import { COMMIT, EXTEND, RELEASE, RENEW, RESERVE, SNAPSHOT } from './ledger-scripts.js';
import { capMicros, checkUsd, microsToUsd, reservationMicros, spentMicros } from './micro-dollars.js';
import { hashTag } from './redis-script.js';

/** Options of {@link redisLedger}. */
export interface RedisLedgerOptions {
  /** An ioredis client. The ledger never closes it. */
  redis: Redis;
  /** Name of the shared budget, e.g. `'flotilla:budget:receipts'`. Every process using the same key draws on one budget. */
  key: string;
  /** The most that may be spent, in USD; omit for no cap. Give every process the same cap. */
  capUsd?: number;
  /**
   * How long a reservation survives without its process, in milliseconds
   * (default 30 000). The ledger renews the leases of its open reservations
   * every `leaseMs / 3` while it holds any, so a live agent never loses its
   * reservation however long it runs; a crashed process's reservations return
   * to the budget `leaseMs` after its last renewal.
   */
  leaseMs?: number;
}

/** Defaults of {@link RedisLedgerOptions}. */
export const REDIS_LEDGER_DEFAULTS = Object.freeze({
  /** How long a reservation is held without a commit or release before it returns to the budget, in milliseconds. */
  leaseMs: 30_000,
});

/** Counters of a {@link RedisLedger} beyond the core snapshot. */
export interface RedisLedgerSnapshot extends LedgerSnapshot {
  /** Reservations whose lease ran out (their process died or stalled) and whose money returned to the budget. */
  expiredLeases: number;
  /** Commits that arrived after their lease had expired; their spend was still recorded. */
  lateCommits: number;
}

/** A core `Ledger` on Redis: one budget shared by every process that uses the same key. */
export interface RedisLedger extends Ledger {
  /** The current totals, with lease counters. */
  snapshot(): Promise<RedisLedgerSnapshot>;
  /** Push the lease of a held reservation `leaseMs` into the future; `false` when it is no longer held. Automatic while the ledger holds it; call it yourself only for reservations passed between processes. */
  renew(reservationId: string): Promise<boolean>;
  /** Stop renewing this process's leases (its reservations then expire after `leaseMs`). Call on shutdown. */
  close(): void;
}

/**
 * A core `Ledger` on Redis. Amounts are kept in integer micro-dollars
 * (reservations rounded up, spend to the nearest) and every operation is one
 * atomic Lua script, so any number of processes sharing one `key` can never
 * hold or spend more than `capUsd` together: a reservation is granted only
 * while `spent + reserved + amount <= cap` (a zero reservation needs
 * `spent + reserved < cap`, like core's `memoryLedger`).
 *
 * Each reservation is held under a lease (server time, so clocks of
 * different machines do not matter). The ledger renews the leases it holds
 * every `leaseMs / 3` on one unref'd timer, armed only while it holds
 * reservations; a crashed process stops renewing and its reservations return
 * to the budget after `leaseMs`. Replayed calls (ioredis resends a command
 * whose reply was lost to a dropped connection) are harmless: reservation ids
 * are made here, a replayed reserve or commit of the same id counts once.
 *
 * State loss is detected, not waited out: the first call stamps an epoch on
 * the ledger's totals and every script checks it, so when Redis comes back
 * without them (restarted empty) the next `reserve`, `extend`, `renew` or
 * `snapshot` rejects with a `RedisStateLostError` (code `redis_state_lost`)
 * and the ledger refuses everything from then on; commits that arrive after
 * the loss are counted in that error's message. Run Redis with AOF so this
 * never happens to a budget you care about.
 *
 * When Redis cannot be reached, `reserve`, `extend`, `renew` and `snapshot`
 * reject with a `RedisUnavailableError` (code `redis_unavailable`): nothing is
 * reserved, and the dispatch fails the item with that message instead of
 * spending unbudgeted money. `commit` and `release` never reject (the
 * scheduler settles in the background): a commit that cannot land is retried
 * on every renewal beat, its lease kept alive, until Redis takes it, so a spend
 * is never lost while the process lives; a failed release simply lets the lease
 * expire.
 *
 * @example
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const ledger = redisLedger({ redis, key: 'flotilla:budget:receipts', capUsd: 50 });
 * await dispatch({ agent, inputs, ledger, limits: { costPerAgentUsd: 0.01 } });
 */
export function redisLedger(options: RedisLedgerOptions): RedisLedger {
  const { redis, key } = options;
  const leaseMs = options.leaseMs ?? REDIS_LEDGER_DEFAULTS.leaseMs;
  if (!(Number.isFinite(leaseMs) && leaseMs >= 10)) throw new RangeError(`redisLedger leaseMs must be a number >= 10 (milliseconds), got ${String(leaseMs)}`);
  if (options.capUsd !== undefined) checkUsd('redisLedger capUsd', options.capUsd);
  if (!key) throw new RangeError('redisLedger needs a non-empty key naming the shared budget');
  const cap = options.capUsd === undefined ? -1 : capMicros(options.capUsd);
  // A settled id is remembered long enough to recognise a replayed command.
  const retentionMs = Math.max(60_000, leaseMs * 4);
  const tag = hashTag(key);
  const keys = [`${tag}:totals`, `${tag}:holds`, `${tag}:leases`, `${tag}:settled`];
  const held = new Set<string>();
  // Commits that could not reach Redis, retried on every beat: the money was
  // really spent, so it must land (its lease is renewed until it does).
  const unsettled = new Map<string, number>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  // The epoch stamped on the ledger's totals the first time this process
  // touched it; a Redis that comes back without it lost the ledger.
  let epoch = '';
  const fresh = randomUUID();
  let lost: RedisStateLostError | undefined;
  let lostSpendMicros = 0;
  const stateLost = (): RedisStateLostError => {
    const after = lostSpendMicros > 0 ? ` ${microsToUsd(lostSpendMicros)} USD committed since could not be recorded.` : '';
    lost = new RedisStateLostError(
      `ledger "${key}" totals`,
      `redisLedger "${key}": Redis came back without this ledger's totals (it restarted empty, or from a snapshot older than the ledger), so the spend and reservations recorded before are unknown.${after} ` +
        'Check the provider\'s bill for what was really spent, run Redis with AOF (appendonly yes, appendfsync everysec or always) so spend survives a restart, then start a new ledger',
    );
    return lost;
  };
  /** Run a ledger script; resolves to its status and remembers the epoch; throws when the ledger was lost. */
  const script = async (run: (known: string) => Promise<unknown>): Promise<number[]> => {
    if (lost) throw stateLost();
    const reply = (await run(epoch)) as [number, ...unknown[]];
    const current = String(reply[reply.length - 1]);
    if (Number(reply[0]) === -1) throw stateLost();
    epoch = current;
    return reply.slice(0, -1).map(Number);
  };

  const call = async <T>(what: string, consequence: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw redisFailure(`redisLedger "${key}" ${what}`, error, consequence);
    }
  };

  const settle = async (id: string, micros: number) => {
    try {
      await script((known) => COMMIT.run(redis, keys, [known, fresh, id, micros, retentionMs]));
    } catch (error) {
      if (!RedisStateLostError.isInstance(error)) throw error;
      // Nowhere left to record it: counted, and named by every later error.
      lostSpendMicros += micros;
      stateLost();
    }
    unsettled.delete(id);
    drop(id);
  };
  const beat = () => {
    if (held.size === 0) return;
    // A failed renewal is retried on the next beat; the lease has two more beats of slack.
    script((known) => RENEW.run(redis, keys, [known, fresh, leaseMs, retentionMs, ...held])).catch(() => undefined);
    for (const [id, micros] of unsettled) settle(id, micros).catch(() => undefined);
  };
  const hold = (id: string) => {
    held.add(id);
    if (!heartbeat) {
      heartbeat = setInterval(beat, Math.max(5, Math.floor(leaseMs / 3)));
      heartbeat.unref();
    }
  };
  const drop = (id: string) => {
    if (unsettled.has(id)) return;
    held.delete(id);
    if (held.size === 0 && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  return {
    async reserve(amountUsd) {
      checkUsd('reserve', amountUsd);
      const id = randomUUID();
      const [granted] = await call('could not reserve', 'nothing was reserved', () =>
        script((known) => RESERVE.run(redis, keys, [known, fresh, id, reservationMicros(amountUsd), cap, leaseMs, retentionMs])),
      );
      if (granted !== 1) return undefined;
      hold(id);
      return id;
    },
    async extend(id, amountUsd) {
      checkUsd('extend', amountUsd);
      const [granted] = await call('could not extend a reservation', 'the reservation was not extended', () =>
        script((known) => EXTEND.run(redis, keys, [known, fresh, id, reservationMicros(amountUsd), cap, leaseMs, retentionMs])),
      );
      return granted === 1;
    },
    async commit(id, actualUsd) {
      checkUsd('commit', actualUsd);
      const micros = spentMicros(actualUsd);
      try {
        await settle(id, micros);
      } catch {
        // Never rejects (the scheduler settles in the background): the commit
        // is retried on every beat until Redis takes it, holding the lease.
        hold(id);
        unsettled.set(id, micros);
      }
    },
    async release(id) {
      // Never rejects: if Redis is unreachable the lease simply expires.
      await script((known) => RELEASE.run(redis, keys, [known, fresh, id, retentionMs])).catch(() => undefined);
      drop(id);
    },
    async renew(id) {
      const [count] = await call('could not renew a lease', 'the lease was not renewed', () =>
        script((known) => RENEW.run(redis, keys, [known, fresh, leaseMs, retentionMs, id])),
      );
      return count === 1;
    },
    async snapshot() {
      const [spent = 0, reserved = 0, expired = 0, late = 0] = await call('could not read its totals', 'no totals were read', () =>
        script((known) => SNAPSHOT.run(redis, keys, [known, fresh, retentionMs])),
      );
      return {
        capUsd: cap < 0 ? Infinity : microsToUsd(cap),
        spentUsd: microsToUsd(spent),
        reservedUsd: microsToUsd(reserved),
        expiredLeases: expired,
        lateCommits: late,
      };
    },
    close() {
      held.clear();
      unsettled.clear();
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
    },
  };
}
