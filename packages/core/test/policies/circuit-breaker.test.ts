import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  circuitBreaker,
  CircuitOpenError,
  type CircuitBreakerOptions,
  type CircuitPermit,
  type CircuitState,
} from '../../src/policies/circuit-breaker.js';
import { breakerFor, circuitBreakers } from '../../src/policies/circuit-registry.js';
import { FlotillaError } from '../../src/errors.js';
import { FakeClock } from '../support/fake-clock.js';

function setup(options: Omit<CircuitBreakerOptions, 'clock'>) {
  const clock = new FakeClock();
  const breaker = circuitBreaker({ ...options, clock });
  const changes: Array<[CircuitState, CircuitState]> = [];
  breaker.onStateChange((state, previous) => changes.push([previous, state]));
  /** Run one call through the breaker with the given outcome; false when refused. */
  const call = (success: boolean): boolean => {
    const permit = breaker.tryAcquire();
    if (!permit.allowed) return false;
    permit.done(success);
    return true;
  };
  const acquire = (): CircuitPermit => {
    const permit = breaker.tryAcquire();
    if (!permit.allowed) throw new Error(`expected a permit, circuit is ${breaker.state}`);
    return permit;
  };
  return { clock, breaker, changes, call, acquire };
}

describe('circuitBreaker', () => {
  it('rejects options that make no sense with a RangeError naming the option', () => {
    expect(() => circuitBreaker({ halfOpenAfterMs: 1000 })).toThrow(/consecutiveFailures, failureRatio, or both/);
    expect(() => circuitBreaker({ consecutiveFailures: 0, halfOpenAfterMs: 1 })).toThrow(/consecutiveFailures must be an integer >= 1/);
    expect(() => circuitBreaker({ consecutiveFailures: 2.5, halfOpenAfterMs: 1 })).toThrow(/consecutiveFailures/);
    expect(() => circuitBreaker({ failureRatio: 0, halfOpenAfterMs: 1 })).toThrow(/failureRatio must be a fraction/);
    expect(() => circuitBreaker({ failureRatio: 1.5, halfOpenAfterMs: 1 })).toThrow(/failureRatio/);
    expect(() => circuitBreaker({ failureRatio: 0.5, windowMs: 0, halfOpenAfterMs: 1 })).toThrow(/windowMs/);
    expect(() => circuitBreaker({ failureRatio: 0.5, minimumCalls: 0, halfOpenAfterMs: 1 })).toThrow(/minimumCalls/);
    expect(() => circuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: -1 })).toThrow(/halfOpenAfterMs/);
    expect(() => circuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: Number.NaN })).toThrow(/halfOpenAfterMs/);
    expect(() => circuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 1, probes: 0 })).toThrow(/probes/);
  });

  it('opens after N consecutive failures; a success in between resets the count', () => {
    const { breaker, call } = setup({ consecutiveFailures: 3, halfOpenAfterMs: 1000 });
    call(false);
    call(false);
    call(true);
    call(false);
    call(false);
    expect(breaker.state).toBe('closed');
    call(false);
    expect(breaker.state).toBe('open');
  });

  it('refuses while open with a circuit_open error that says when it half-opens and what to do', async () => {
    const { clock, breaker, call } = setup({ consecutiveFailures: 1, halfOpenAfterMs: 5000, name: 'summarize' });
    call(false);
    await clock.advance(1200);
    const refusal = breaker.tryAcquire();
    expect(refusal.allowed).toBe(false);
    if (refusal.allowed) return;
    expect(refusal.retryInMs).toBe(3800);
    expect(refusal.error).toBeInstanceOf(CircuitOpenError);
    expect(refusal.error).toBeInstanceOf(FlotillaError);
    expect(refusal.error.code).toBe('circuit_open');
    expect(refusal.error.retryable).toBe(false);
    expect(refusal.error.retryInMs).toBe(3800);
    expect(refusal.error.message).toMatch(/circuit "summarize" is open/);
    expect(refusal.error.message).toMatch(/1 consecutive failures/);
    expect(refusal.error.message).toMatch(/half-opens in 3800 ms/);
    expect(refusal.error.message).toMatch(/fallback/);
  });

  it('half-opens after halfOpenAfterMs and lets at most `probes` calls through at once', async () => {
    const { clock, breaker, call, acquire } = setup({ consecutiveFailures: 1, halfOpenAfterMs: 1000, probes: 2 });
    call(false);
    await clock.advance(999);
    expect(breaker.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state).toBe('half-open');
    acquire();
    acquire();
    const third = breaker.tryAcquire();
    expect(third.allowed).toBe(false);
    if (!third.allowed) expect(third.error.message).toMatch(/half-open.*2 probe call\(s\) are still running/);
  });

  it('a probe success closes the circuit and resets its counters', async () => {
    const { clock, breaker, call, changes } = setup({ consecutiveFailures: 2, halfOpenAfterMs: 1000 });
    call(false);
    call(false);
    await clock.advance(1000);
    expect(call(true)).toBe(true);
    expect(breaker.state).toBe('closed');
    // One failure before the trip would reopen it now if counters were kept.
    call(false);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('a probe failure reopens the circuit for a fresh delay from that failure', async () => {
    const { clock, breaker, acquire } = setup({ consecutiveFailures: 1, halfOpenAfterMs: 1000 });
    acquire().done(false);
    await clock.advance(1000);
    const probe = acquire();
    await clock.advance(700);
    probe.done(false);
    expect(breaker.state).toBe('open');
    const refusal = breaker.tryAcquire();
    expect(refusal.allowed === false && refusal.retryInMs).toBe(1000);
    await clock.advance(999);
    expect(breaker.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('ignores a second done(), and release() frees a probe slot without a verdict', async () => {
    const { clock, breaker, acquire } = setup({ consecutiveFailures: 2, halfOpenAfterMs: 100 });
    const first = acquire();
    first.done(false);
    first.done(false);
    first.release();
    expect(breaker.state).toBe('closed');
    acquire().done(false);
    await clock.advance(100);
    const probe = acquire();
    expect(breaker.tryAcquire().allowed).toBe(false);
    probe.release();
    expect(breaker.state).toBe('half-open');
    const next = acquire();
    probe.done(true); // already released: ignored
    expect(breaker.state).toBe('half-open');
    next.done(true);
    expect(breaker.state).toBe('closed');
  });

  it('ignores outcomes of calls that started before the state changed', async () => {
    const { clock, breaker, acquire } = setup({ consecutiveFailures: 1, halfOpenAfterMs: 100 });
    const slow = acquire();
    const slowSuccess = acquire();
    acquire().done(false);
    expect(breaker.state).toBe('open');
    slowSuccess.done(true); // a success from before the trip must not close it
    expect(breaker.state).toBe('open');
    await clock.advance(100);
    const probe = acquire();
    slow.done(false); // a stale failure must not reopen a half-open circuit
    expect(breaker.state).toBe('half-open');
    probe.done(true);
    expect(breaker.state).toBe('closed');
  });

  describe('failure ratio over a sliding window', () => {
    it('opens once the ratio is reached over at least minimumCalls calls', () => {
      const { breaker, call } = setup({ failureRatio: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 1000 });
      call(false);
      call(false);
      call(false);
      expect(breaker.state).toBe('closed'); // 3 of 3, but fewer than minimumCalls
      call(true);
      expect(breaker.state).toBe('closed'); // a success never trips
      call(false);
      expect(breaker.state).toBe('open'); // 4 of 5 >= 0.5
    });

    it('stays closed below the ratio', () => {
      const { breaker, call } = setup({ failureRatio: 0.6, minimumCalls: 4, halfOpenAfterMs: 1000 });
      for (let i = 0; i < 20; i++) call(i % 3 === 0);
      // two of every three fail: opens
      expect(breaker.state).toBe('open');
      // one of every three fails (at most 2 of 4 early on): stays closed
      const other = setup({ failureRatio: 0.6, minimumCalls: 4, halfOpenAfterMs: 1000 });
      for (let i = 0; i < 20; i++) other.call(i % 3 !== 0);
      expect(other.breaker.state).toBe('closed');
    });

    it('forgets outcomes older than windowMs', async () => {
      const { clock, breaker, call } = setup({ failureRatio: 0.5, minimumCalls: 4, windowMs: 1000, halfOpenAfterMs: 1000 });
      call(false);
      call(false);
      call(false);
      await clock.advance(1000);
      for (let i = 0; i < 4; i++) call(true);
      call(false);
      // Counting the old failures it would be 4 of 8; in the window it is 1 of 5.
      expect(breaker.state).toBe('closed');
    });

    it('combines with consecutiveFailures: whichever trips first opens it', () => {
      const { breaker, call } = setup({ consecutiveFailures: 2, failureRatio: 0.9, minimumCalls: 100, halfOpenAfterMs: 1000 });
      call(false);
      call(false);
      expect(breaker.state).toBe('open');
    });
  });

  it('onStateChange returns an unsubscribe function, and a throwing listener breaks nothing', () => {
    const { breaker, call } = setup({ consecutiveFailures: 1, halfOpenAfterMs: 0 });
    const seen: CircuitState[] = [];
    const stop = breaker.onStateChange((state) => seen.push(state));
    breaker.onStateChange(() => {
      throw new Error('faulty listener');
    });
    call(false);
    expect(breaker.state).toBe('half-open');
    stop();
    call(true);
    expect(breaker.state).toBe('closed');
    expect(seen).toEqual(['open', 'half-open']);
  });

  it('property: never grants while open, never more than `probes` probes at once, and opens on the Nth consecutive failure', () => {
    const op = fc.oneof(
      fc.constant({ kind: 'acquire' as const }),
      fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(), success: fc.boolean() }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 600 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.array(op, { maxLength: 80 }), (threshold, probes, ops) => {
        let now = 0;
        const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined };
        const breaker = circuitBreaker({ consecutiveFailures: threshold, halfOpenAfterMs: 500, probes, clock });
        let openedAt = -Infinity;
        // Outcomes of calls started before a state change are ignored (documented): count phases.
        let phase = 0;
        breaker.onStateChange((state) => {
          phase++;
          if (state === 'open') openedAt = now;
        });
        const held: Array<{ permit: CircuitPermit; probe: boolean; phase: number }> = [];
        let streak = 0;
        for (const step of ops) {
          if (step.kind === 'advance') now += step.ms;
          if (step.kind === 'acquire') {
            const before = breaker.state;
            const permit = breaker.tryAcquire();
            if (before === 'open') expect(permit.allowed).toBe(false);
            // Reading the state may half-open the breaker: the permit belongs to the phase after the read.
            if (permit.allowed) held.push({ permit, probe: before === 'half-open', phase });
            if (!permit.allowed && before === 'open') expect(now).toBeLessThan(openedAt + 500);
          }
          if (step.kind === 'finish' && held.length > 0) {
            const { permit, phase: started } = held.splice(step.pick % held.length, 1)[0]!;
            const before = breaker.state;
            const current = started === phase;
            permit.done(step.success);
            if (before === 'closed' && current) {
              // An outcome of a call started in this closed phase counts: the Nth failure in a row opens it.
              streak = step.success ? 0 : streak + 1;
              expect(breaker.state).toBe(streak >= threshold ? 'open' : 'closed');
            } else if (before === 'closed') expect(breaker.state).toBe('closed');
            if (breaker.state !== 'closed') streak = 0;
          }
          // Probe permits still out never exceed `probes` while half-open.
          if (breaker.state === 'half-open') {
            const probesOut = held.filter((h) => h.probe).length;
            expect(probesOut).toBeLessThanOrEqual(probes);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('circuitBreakers (registry)', () => {
  it('makes one breaker per key, lazily, shared by every caller of get()', () => {
    const clock = new FakeClock();
    const circuit = circuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 1000, clock });
    expect(circuit.keys()).toEqual([]);
    const a = circuit.get('agent-a');
    expect(circuit.get('agent-a')).toBe(a);
    const permit = a.tryAcquire();
    if (permit.allowed) permit.done(false);
    expect(circuit.get('agent-a').state).toBe('open');
    expect(circuit.get('agent-b').state).toBe('closed');
    expect(circuit.keys()).toEqual(['agent-a', 'agent-b']);
    const refusal = circuit.get('agent-a').tryAcquire();
    expect(refusal.allowed === false && refusal.error.message).toMatch(/circuit "agent-a"/);
  });

  it('validates its options up front', () => {
    expect(() => circuitBreakers({ halfOpenAfterMs: 1 })).toThrow(RangeError);
  });

  it('breakerFor picks a single breaker as is, or the registry breaker for the key', () => {
    const single = circuitBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 1 });
    expect(breakerFor(single, 'x')).toBe(single);
    const registry = circuitBreakers({ consecutiveFailures: 1, halfOpenAfterMs: 1 });
    expect(breakerFor(registry, 'x')).toBe(registry.get('x'));
  });
});
