import { randomUUID } from 'node:crypto';
import type { Ledger, LedgerSnapshot } from '@flotilla/core';
import type { Redis } from 'ioredis';
import { redisFailure } from './errors.js';
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

  const call = async (what: string, consequence: string, run: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await run();
    } catch (error) {
      throw redisFailure(`redisLedger "${key}" ${what}`, error, consequence);
    }
  };

  const settle = async (id: string, micros: number) => {
    await COMMIT.run(redis, keys, [id, micros, retentionMs]);
    unsettled.delete(id);
    drop(id);
  };
  const beat = () => {
    if (held.size === 0) return;
    // A failed renewal is retried on the next beat; the lease has two more beats of slack.
    RENEW.run(redis, keys, [leaseMs, retentionMs, ...held]).catch(() => undefined);
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
      const granted = await call('could not reserve', 'nothing was reserved', () =>
        RESERVE.run(redis, keys, [id, reservationMicros(amountUsd), cap, leaseMs, retentionMs]),
      );
      if (granted !== 1) return undefined;
      hold(id);
      return id;
    },
    async extend(id, amountUsd) {
      checkUsd('extend', amountUsd);
      const granted = await call('could not extend a reservation', 'the reservation was not extended', () =>
        EXTEND.run(redis, keys, [id, reservationMicros(amountUsd), cap, leaseMs, retentionMs]),
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
      await RELEASE.run(redis, keys, [id, retentionMs]).catch(() => undefined);
      drop(id);
    },
    async renew(id) {
      const count = await call('could not renew a lease', 'the lease was not renewed', () => RENEW.run(redis, keys, [leaseMs, retentionMs, id]));
      return count === 1;
    },
    async snapshot() {
      const reply = (await call('could not read its totals', 'no totals were read', () => SNAPSHOT.run(redis, keys, [retentionMs]))) as number[];
      const [spent = 0, reserved = 0, expired = 0, late = 0] = reply.map(Number);
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
