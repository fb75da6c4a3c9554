import { circuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';

/**
 * One {@link CircuitBreaker} per key (an agent name or a model), made lazily
 * with the same options. Share one registry across dispatches so they all see
 * the same breaker for the same dependency.
 */
export interface CircuitBreakerRegistry {
  /** The breaker for `key`, made on first use (its `name` is the key). */
  get(key: string): CircuitBreaker;
  /** The keys that have a breaker so far, in creation order. */
  keys(): string[];
}

/**
 * Make a {@link CircuitBreakerRegistry}: one breaker per key, all with `options`.
 *
 * @throws RangeError at once when `options` are out of range (see {@link circuitBreaker}).
 * @example
 * const circuit = circuitBreakers({ consecutiveFailures: 3, halfOpenAfterMs: 10_000 });
 * circuit.get('gpt-4o').tryAcquire();
 */
export function circuitBreakers(options: Omit<CircuitBreakerOptions, 'name'>): CircuitBreakerRegistry {
  // Validate up front rather than on the first get(), deep inside a run.
  circuitBreaker(options);
  const breakers = new Map<string, CircuitBreaker>();
  return {
    get(key) {
      let breaker = breakers.get(key);
      if (!breaker) {
        breaker = circuitBreaker({ ...options, name: key });
        breakers.set(key, breaker);
      }
      return breaker;
    },
    keys: () => [...breakers.keys()],
  };
}

/**
 * The breaker that guards calls for `key`: `circuit` itself when it is a single
 * breaker, or the registry's breaker for `key`.
 */
export function breakerFor(circuit: CircuitBreaker | CircuitBreakerRegistry, key: string): CircuitBreaker {
  return 'tryAcquire' in circuit ? circuit : circuit.get(key);
}
