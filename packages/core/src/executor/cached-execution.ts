import type { RunCache, RunKey } from '../cache/run-cache.js';
import { passedScreening } from '../cache/screened-entries.js';
import { SingleFlight, type Flight } from '../cache/single-flight.js';
import type { CacheEntry } from '../cache/cache.js';
import type { Maybe } from '../util/maybe.js';
import type { Item } from './item.js';
import { cachedResult } from './results.js';
import type { StopSignal } from './stop.js';
import type { AgentResult } from './agent-result.js';

/** What the cached path of an item needs from its run. */
export interface CachedHost<I, O> {
  readonly stop: StopSignal;
  /** Whether the guards redact inputs (the key is then the redacted input's). */
  readonly redactsInputs: boolean;
  /** Apply the input guards once; a promise only for an async injection detector. */
  screen(item: Item<I>): Promise<void> | undefined;
  /** Run the item's attempts. */
  execute(item: Item<I>): Maybe<AgentResult<I, O>>;
  /** The result of an item a stop left unfinished. */
  skipped(item: Item<I>): AgentResult<I, O>;
  /** Keep the run open until `work` settles; a failure becomes a `cache_error` warning. */
  background(work: Promise<void>, failure: 'cache_error'): void;
}

/**
 * The life of an item under a cache: its key, a hit (served without running
 * the agent), or one execution per key in this process (items with the same
 * key wait for it) and, with a cache that coordinates processes, across them;
 * then the answer is stored.
 */
export class CachedExecution<I, O> {
  private readonly flights = new SingleFlight<O, RunKey>();

  constructor(
    private readonly cache: RunCache,
    private readonly host: CachedHost<I, O>,
  ) {}

  run(item: Item<I>): Maybe<AgentResult<I, O>> {
    // Keyed on what the agent sees: with guards.redactInputs, the redacted input.
    const screening = this.host.redactsInputs ? this.host.screen(item) : undefined;
    return screening ? screening.then(() => this.keyed(item)) : this.keyed(item);
  }

  private keyed(item: Item<I>): Maybe<AgentResult<I, O>> {
    const key = this.cache.keyOf(item.agentInput);
    if (key !== undefined) return this.look(item, key);
    // An input the key cannot represent faithfully runs uncached, never under a shared key.
    const screening = this.host.screen(item);
    return screening ? screening.then(() => this.host.execute(item)) : this.host.execute(item);
  }

  /** Serve the entry of `key`, or wait for the execution already running under it, or lead one. */
  private look(item: Item<I>, key: RunKey): Maybe<AgentResult<I, O>> {
    // A budget or agent-count stop starts no agent, but a cached answer costs nothing: still serve it.
    if (this.host.stop.cancelling) return this.host.skipped(item);
    const found = this.cache.get(key);
    // A memory cache answers at once: no promise, so no microtask per item.
    return found instanceof Promise ? found.then((hit) => this.found(item, key, hit)) : this.found(item, key, found);
  }

  private found(item: Item<I>, key: RunKey, hit: CacheEntry | undefined): Maybe<AgentResult<I, O>> {
    const host = this.host;
    // The injection check is a pure function of the input: an entry stored
    // here after this very input passed it needs no second check.
    const screening = hit && passedScreening(hit) ? undefined : host.screen(item);
    if (hit) return screening ? screening.then(() => cachedResult(item, hit.value as O)) : cachedResult(item, hit.value as O);
    return screening ? screening.then(() => this.join(item, key)) : this.join(item, key);
  }

  /** Take the value of the execution running under `key` in this process, else lead. */
  private join(item: Item<I>, key: RunKey): Maybe<AgentResult<I, O>> {
    const pending = this.flights.pending(key);
    if (!pending) return this.cache.coordinates ? this.leadAcross(item, key) : this.lead(item, key);
    // When the leader failed (failures are not shared), this item runs on its own.
    return pending.then((shared) => (shared.ok ? cachedResult(item, shared.value) : this.look(item, key)));
  }

  /**
   * Run the item as the one execution of its key in this process; its
   * result is stored (and handed to the items that waited) by
   * {@link settle} once it is out. Items with the same key can only arrive
   * once its agent waits for something: an answer that comes at once needs
   * no flight for them to join.
   */
  private lead(item: Item<I>, key: RunKey): Maybe<AgentResult<I, O>> {
    item.cacheKey = key;
    const result = this.host.execute(item);
    if (result instanceof Promise) item.flight = this.flights.lead(key);
    return result;
  }

  /**
   * The result of an item that led its key is out (whatever happened to it):
   * store a cacheable answer, at once in a memory cache, else in the
   * background, and end its flight. Called for every item; others pass.
   */
  settle(item: Item<I>, result: AgentResult<I, O>): void {
    const key = item.cacheKey;
    if (key === undefined) return;
    item.cacheKey = undefined;
    const cacheable = this.cacheable(item, result);
    try {
      const stored = this.store(item, key, result);
      if (stored) this.host.background(stored, 'cache_error');
    } finally {
      const flight = item.flight as Flight<O> | undefined;
      if (flight) {
        item.flight = undefined;
        this.flights.land(key, flight, cacheable, cacheable ? (result.value as O) : undefined);
      }
    }
  }

  /** Store a cacheable answer under `key`: at once in a memory cache (`undefined`), else a promise of the write. */
  private store(item: Item<I>, key: RunKey, result: AgentResult<I, O>): Promise<void> | undefined {
    if (!this.cacheable(item, result)) return undefined;
    return this.cache.set(key, result.value, result.costUsd, item.passed && !this.host.redactsInputs);
  }

  /** A fallback's answer is not the agent's: it is served once, never cached (nor shared). */
  private cacheable(item: Item<I>, result: AgentResult<I, O>): result is AgentResult<I, O> & { ok: true } {
    return result.ok && !item.fallback;
  }

  /**
   * Lead the execution of `key` with a cache that coordinates processes:
   * take the value another process stored while this one waited for the
   * cross-process lead, or run the item and release the lead once stored.
   */
  private async leadAcross(item: Item<I>, key: RunKey): Promise<AgentResult<I, O>> {
    const host = this.host;
    const cache = this.cache;
    const flight = this.flights.lead(key);
    // Failures are not shared: each waiting item then runs on its own.
    let shared = false;
    let value: O | undefined;
    try {
      const remote = await cache.lead(key);
      if (remote === 'stopped') return host.skipped(item);
      if (remote?.kind === 'hit') {
        const result = cachedResult<I, O>(item, remote.entry.value as O);
        shared = true;
        value = result.value as O;
        return result;
      }
      let result: AgentResult<I, O>;
      try {
        result = await host.execute(item);
      } catch (error) {
        if (remote) host.background(remote.release(), 'cache_error');
        throw error;
      }
      const cacheable = this.cacheable(item, result);
      // Other processes waiting on the lead look for the value once it is released.
      const stored = this.store(item, key, result);
      if (remote) host.background(Promise.resolve(stored).then(() => remote.release()), 'cache_error');
      else if (stored) host.background(stored, 'cache_error');
      if (cacheable) {
        shared = true;
        value = result.value as O;
      }
      return result;
    } finally {
      this.flights.land(key, flight, shared, value);
    }
  }
}
