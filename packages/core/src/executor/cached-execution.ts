import type { RunCache } from '../cache/run-cache.js';
import { passedScreening } from '../cache/screened-entries.js';
import { SingleFlight } from '../cache/single-flight.js';
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
  execute(item: Item<I>): Promise<AgentResult<I, O>>;
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
  private readonly flights = new SingleFlight<O>();

  constructor(
    private readonly cache: RunCache,
    private readonly host: CachedHost<I, O>,
  ) {}

  async run(item: Item<I>): Promise<AgentResult<I, O>> {
    const host = this.host;
    // Keyed on what the agent sees: with guards.redactInputs, the redacted input.
    if (host.redactsInputs) {
      const screening = host.screen(item);
      if (screening) await screening;
    }
    const key = this.cache.keyOf(item.agentInput);
    // An input the key cannot represent faithfully runs uncached, never under a shared key.
    if (key === undefined) {
      const screening = host.screen(item);
      if (screening) await screening;
      return host.execute(item);
    }
    for (;;) {
      // A budget or agent-count stop starts no agent, but a cached answer costs nothing: still serve it.
      if (host.stop.cancelling) return host.skipped(item);
      const found = this.cache.get(key);
      // A memory cache answers at once: no await, so no microtask per item.
      const hit = found instanceof Promise ? await found : found;
      if (hit) {
        // The injection check is a pure function of the input: an entry stored
        // here after this very input passed it needs no second check.
        if (!passedScreening(hit)) {
          const screening = host.screen(item);
          if (screening) await screening;
        }
        return cachedResult(item, hit.value as O);
      }
      const screening = host.screen(item);
      if (screening) await screening;
      const pending = this.flights.pending(key);
      if (!pending) break;
      const shared = await pending;
      if (shared.ok) return cachedResult(item, shared.value);
      // The leader failed; failures are not shared, so this item runs on its own.
    }
    return this.lead(item, key);
  }

  /**
   * Run the item as the one execution of its key in this process (items
   * with the same key wait for its value), or take the value another
   * process stored while this one waited for its cross-process lead.
   */
  private async lead(item: Item<I>, key: string): Promise<AgentResult<I, O>> {
    const host = this.host;
    const cache = this.cache;
    const flight = this.flights.lead(key);
    // Failures are not shared: each waiting item then runs on its own.
    let shared = false;
    let value: O | undefined;
    try {
      const remote = cache.coordinates ? await cache.lead(key) : undefined;
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
      // A fallback's answer is not the agent's: it is served once, never cached.
      const cacheable = result.ok && !item.fallback;
      // Other processes waiting on the lead look for the value once it is released.
      const stored = cacheable ? cache.set(key, result.value, result.costUsd, item.passed && !host.redactsInputs) : undefined;
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
