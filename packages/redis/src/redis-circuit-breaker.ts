import { randomUUID } from 'node:crypto';
import {
  circuitBreaker,
  CircuitOpenError,
  CIRCUIT_BREAKER_DEFAULTS,
  systemClock,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitListener,
  type CircuitPermit,
  type CircuitRefusal,
  type CircuitState,
} from '@flotilla/core';
import type { Redis } from 'ioredis';
import { CIRCUIT_RECORD, CIRCUIT_STATE } from './circuit-scripts.js';
import { hashTag } from './redis-script.js';

/** Options of {@link redisCircuitBreaker}: core's breaker options plus where the shared state lives. */
export interface RedisCircuitBreakerOptions extends CircuitBreakerOptions {
  /** An ioredis client; the breaker opens one more connection (a duplicate) for pub/sub. */
  redis: Redis;
  /** Name of the shared circuit, e.g. `'flotilla:circuit:gpt-4o'`. */
  key: string;
  /** Re-read the shared state at least this often while the breaker is used, in milliseconds (default 1 000); covers lost pub/sub messages. */
  refreshMs?: number;
  /** Called when Redis could not be reached (the local mirror keeps deciding meanwhile). */
  onError?: (error: Error) => void;
}

/** A core `CircuitBreaker` whose state is shared through Redis. */
export interface RedisCircuitBreaker extends CircuitBreaker {
  /** Resolves once the first shared state has been read and the pub/sub channel listens. */
  ready(): Promise<void>;
  /** Re-read the shared state now. */
  refresh(): Promise<void>;
  /** Stop listening and close the pub/sub connection. */
  close(): Promise<void>;
}

interface Mirror {
  state: 'closed' | 'open' | 'half-open';
  /** Local clock (`clock.now()`) at which an open circuit half-opens. */
  openUntil: number;
  generation: number;
  reason: string;
}

/**
 * A circuit breaker shared by every process using the same `key`: when one
 * process's calls open the circuit, every process refuses calls, and every
 * process sees it half-open after `halfOpenAfterMs`. Same options, same
 * semantics and same `CircuitBreaker` interface as core's `circuitBreaker`,
 * so it plugs into `dispatch({ circuit })` and `createWorker({ circuit })`.
 *
 * Core asks `tryAcquire()` synchronously, so each process decides on a local
 * mirror of the shared state. Outcomes are recorded by an atomic Lua script
 * whose reply updates the mirror, and every change is published to all
 * processes. Staleness bound: another process's open reaches this one after
 * one pub/sub delivery (about a round trip), or at most `refreshMs` if a
 * message was lost; calls admitted in that gap run. While half-open, each
 * process lets up to `probes` probe calls through, so up to
 * `probes x processes` probes run at once across the fleet; the first probe
 * outcome recorded closes or re-opens the circuit for all.
 *
 * @example
 * const circuit = redisCircuitBreaker({ redis, key: 'flotilla:circuit:gpt-4o', consecutiveFailures: 5, halfOpenAfterMs: 30_000 });
 * await circuit.ready();
 * await dispatch({ agent, inputs, circuit });
 */
export function redisCircuitBreaker(options: RedisCircuitBreakerOptions): RedisCircuitBreaker {
  // Core's factory checks the options the same way, so both breakers accept the same settings.
  circuitBreaker(options);
  const { redis, key, halfOpenAfterMs } = options;
  const clock = options.clock ?? systemClock;
  const probes = options.probes ?? CIRCUIT_BREAKER_DEFAULTS.probes;
  const refreshMs = options.refreshMs ?? 1_000;
  const label = options.name === undefined ? `circuit "${key}"` : `circuit "${options.name}"`;
  const tag = hashTag(key);
  const keys = [`${tag}:circuit`, `${tag}:calls`, `${tag}:failures`];
  const channel = `${tag}:circuit:changes`;
  const recordArgs = [
    options.consecutiveFailures ?? -1,
    options.failureRatio ?? -1,
    options.minimumCalls ?? CIRCUIT_BREAKER_DEFAULTS.minimumCalls,
    options.windowMs ?? CIRCUIT_BREAKER_DEFAULTS.windowMs,
  ];
  const listeners = new Set<CircuitListener>();
  let mirror: Mirror = { state: 'closed', openUntil: 0, generation: 0, reason: '' };
  let probing = 0;
  let refreshedAt = -Infinity;

  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  const apply = (reply: (string | number)[]) => {
    const [state, remaining, generation, reason] = reply;
    const next: Mirror = {
      state: state as Mirror['state'],
      openUntil: clock.now() + Number(remaining),
      generation: Number(generation),
      reason: String(reason ?? ''),
    };
    // Replies can arrive out of order: never step back to an older generation.
    if (next.generation < mirror.generation) return;
    if (next.generation !== mirror.generation) probing = 0;
    mirror = next;
    sync();
  };

  const current = (): CircuitState => (mirror.state === 'open' && clock.now() >= mirror.openUntil ? 'half-open' : mirror.state);

  let lastState: CircuitState = 'closed';
  /** The state now, telling listeners when it moved since they last heard. */
  const sync = (): CircuitState => {
    const state = current();
    if (state !== lastState) {
      const previous = lastState;
      lastState = state;
      notify(state, previous);
    }
    return state;
  };

  const notify = (state: CircuitState, previous: CircuitState) => {
    for (const listener of [...listeners]) {
      try {
        listener(state, previous);
      } catch {
        // A faulty listener must not break the breaker.
      }
    }
  };

  const refresh = async () => {
    refreshedAt = clock.now();
    apply((await CIRCUIT_STATE.run(redis, keys, [halfOpenAfterMs, channel])) as (string | number)[]);
  };

  const subscriber = redis.duplicate();
  subscriber.on('error', report);
  subscriber.on('message', (_channel: string, text: string) => apply(text.split('|')));
  const listening = subscriber.subscribe(channel);
  const first = refresh().catch(report);

  const permit = (probe: boolean): CircuitPermit => {
    const generation = mirror.generation;
    let open = true;
    const finish = (success: boolean | undefined) => {
      if (!open) return;
      open = false;
      if (probe) probing = Math.max(0, probing - 1);
      if (success === undefined) return;
      CIRCUIT_RECORD.run(redis, keys, [halfOpenAfterMs, channel, success ? 1 : 0, probe ? 1 : 0, generation, ...recordArgs, randomUUID()])
        .then((reply) => apply(reply as (string | number)[]))
        .catch(report);
    };
    return { allowed: true, done: (success) => finish(success), release: () => finish(undefined) };
  };

  return {
    get state() {
      return sync();
    },
    tryAcquire(): CircuitPermit | CircuitRefusal {
      if (clock.now() - refreshedAt >= refreshMs) void refresh().catch(report);
      const state = sync();
      if (state === 'closed') return permit(false);
      if (state === 'half-open' && probing < probes) {
        probing++;
        return permit(true);
      }
      const retryInMs = state === 'open' ? mirror.openUntil - clock.now() : halfOpenAfterMs;
      const when = state === 'open' ? `it half-opens in ${Math.ceil(retryInMs)} ms` : `its ${probes} probe call(s) are still running`;
      const error = new CircuitOpenError(
        `${label} is ${state} (${mirror.reason || 'opened by another process'}); ${when}. Wait and retry later, pass a fallback agent, or fix the failing dependency`,
        { retryInMs },
      );
      return { allowed: false, retryInMs, error };
    },
    onStateChange(listener) {
      const entry: CircuitListener = (state, previous) => listener(state, previous);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    async ready() {
      await Promise.all([listening, first]);
    },
    refresh,
    async close() {
      listeners.clear();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
