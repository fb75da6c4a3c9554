import type { Cache, CacheEntry } from '@flotilla/core';

/**
 * A cache entry as the distributed workers store it: core's entry plus the
 * id of the run that paid for it. Both go out in one write (the entry is one
 * JSON value), so a cut connection can lose the entry but never split the
 * cost from the run that owes it. Entries stored without `runId` (by a plain
 * `dispatch`, or by workers of `@flotilla/redis` 0.1.0, which kept the payer
 * in a separate record) count as another run's: served at no cost.
 */
export interface PaidEntry extends CacheEntry {
  /** The distributed run that ran the agent and paid `costUsd`. */
  runId?: string;
}

/** What run `runId` owes for `entry`: its cost when this very run paid for it, else 0 (another run paid). */
export function costForRun(entry: CacheEntry, runId: string): number {
  return (entry as PaidEntry).runId === runId ? entry.costUsd : 0;
}

/**
 * The cache one job of run `runId` hands to core's `dispatch`: plain
 * get/set/delete (the job already holds the cross-process `lead`, so core
 * must not ask for it again), entries stamped with the paying run, and the
 * pending write kept in `writes`: the job's lead is released only after it,
 * or a worker taking the job over would find the lock gone and no value,
 * and pay again.
 */
export class JobCache implements Cache {
  /** Writes still under way; await them before releasing the lead. */
  readonly writes: Promise<unknown>[] = [];
  /** The last entry a read found (core served it as a hit). */
  private found: CacheEntry | undefined;

  constructor(
    private readonly cache: Cache,
    private readonly runId: string,
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    const entry = await this.cache.get(key);
    if (entry) this.found = entry;
    return entry;
  }

  set(key: string, entry: CacheEntry, ttlMs?: number): Promise<void> {
    const paid: PaidEntry = { value: entry.value, costUsd: entry.costUsd, storedAt: entry.storedAt, runId: this.runId };
    const write = this.cache.set(key, paid, ttlMs);
    this.writes.push(write.catch(() => undefined));
    return write;
  }

  delete(key: string): Promise<void> {
    return this.cache.delete(key);
  }

  /** What this run owes for the entry core served as a hit (0 when none was read, or another run paid). */
  hitCost(): number {
    return this.found ? costForRun(this.found, this.runId) : 0;
  }
}
