import { systemClock, type Clock } from '../util/clock.js';
import { errorBrand, FlotillaError } from '../errors.js';

/** Where a {@link CircuitBreaker} stands: passing calls, refusing them, or testing with probes. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Options of {@link circuitBreaker}. Give `consecutiveFailures`, `failureRatio`, or both. */
export interface CircuitBreakerOptions {
  /** Open after this many failures in a row (an integer >= 1). */
  consecutiveFailures?: number;
  /** Open when this fraction of the calls in the last `windowMs` failed (0 < ratio <= 1). */
  failureRatio?: number;
  /** Calls the window must hold before `failureRatio` applies (integer >= 1, default 10). */
  minimumCalls?: number;
  /** Length of the sliding window for `failureRatio`, in milliseconds (default 60 000). */
  windowMs?: number;
  /** How long the circuit stays open before letting probes through, in milliseconds. */
  halfOpenAfterMs: number;
  /** How many probe calls may run at once while half-open (integer >= 1, default 1). */
  probes?: number;
  /** Name used in error messages, e.g. the agent or model name. */
  name?: string;
  /** Time source (default `systemClock`); inject a fake one in tests. */
  clock?: Clock;
}

/** Defaults of the optional {@link CircuitBreakerOptions}, in one place. */
export const CIRCUIT_BREAKER_DEFAULTS = Object.freeze({
  /** Calls in the window before `failureRatio` applies. */
  minimumCalls: 10,
  /** Length of the failure-ratio window, in milliseconds. */
  windowMs: 60_000,
  /** Calls let through at once while half-open. */
  probes: 1,
});

/**
 * Permission to make one call. Call exactly one of `done` or `release` once
 * the call ends; later calls are ignored.
 */
export interface CircuitPermit {
  /** Always `true`: the call may go ahead. */
  readonly allowed: true;
  /** Report how the call went: `true` for success, `false` for a failure that counts against the circuit. */
  done(success: boolean): void;
  /** Give the permit back without a verdict (the call was cancelled or never made). */
  release(): void;
}

/** A refusal: the circuit is open, or half-open with every probe slot taken. */
export interface CircuitRefusal {
  /** Always `false`: do not make the call. */
  readonly allowed: false;
  /** Milliseconds until the circuit may let a call through again (an estimate while probes run). */
  readonly retryInMs: number;
  /** The error to fail the refused item with. */
  readonly error: CircuitOpenError;
}

/** Called after each state change; `previous` is the state left. */
export type CircuitListener = (state: CircuitState, previous: CircuitState) => void;

/**
 * A circuit breaker: stops calling a failing dependency for a while, then
 * tests it with a few probe calls. Create one with {@link circuitBreaker}.
 *
 * @example
 * ```ts
 * const breaker = circuitBreaker({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 });
 * breaker.onStateChange((state, previous) => console.log(`circuit ${previous} -> ${state}`));
 * // While open, items fail fast with `circuit_open` (no call, no spend) or go to the fallback.
 * const run = await dispatch({ agent: bigModel, inputs, circuit: breaker, fallback: smallModel });
 * ```
 */
export interface CircuitBreaker {
  /** Current state. An open circuit becomes half-open when this is read after `halfOpenAfterMs`. */
  readonly state: CircuitState;
  /** Ask to make one call: a `CircuitPermit` or a `CircuitRefusal`. */
  tryAcquire(): CircuitPermit | CircuitRefusal;
  /** Listen to state changes; returns a function that unsubscribes. */
  onStateChange(listener: CircuitListener): () => void;
}

/**
 * Thrown (or carried by a result) when a circuit breaker refuses a call:
 * nothing ran and nothing was spent. Not retryable right away; `retryInMs`
 * says when the circuit will let a probe through.
 */
export class CircuitOpenError extends FlotillaError {
  /** This class's brand, for {@link FlotillaError.isInstance}. */
  static override readonly brand: symbol = errorBrand('CircuitOpenError');
  /** Milliseconds until the circuit lets a call through again (an estimate while probes run). */
  readonly retryInMs: number;

  constructor(message: string, options: { retryInMs: number }) {
    super('circuit_open', message);
    this.retryInMs = options.retryInMs;
    this.name = 'CircuitOpenError';
  }
}

/**
 * Make a circuit breaker. Closed, it counts outcomes and opens after
 * `consecutiveFailures` failures in a row, or once `failureRatio` of at least
 * `minimumCalls` calls in the last `windowMs` failed. Open, it refuses every
 * call for `halfOpenAfterMs`; then it half-opens and lets up to `probes` calls
 * through at once: a probe success closes it (counters reset), a probe
 * failure opens it again for another `halfOpenAfterMs`.
 *
 * The open-to-half-open step happens when the breaker is next consulted
 * (`tryAcquire` or `state`), so an idle breaker holds no timer. Outcomes of
 * calls started before a state change are ignored.
 *
 * @throws RangeError for an option out of range, or when neither
 *   `consecutiveFailures` nor `failureRatio` is given.
 * @example
 * const breaker = circuitBreaker({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 });
 * const permit = breaker.tryAcquire();
 * if (!permit.allowed) throw permit.error;
 * try { await call(); permit.done(true); } catch (error) { permit.done(false); throw error; }
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  return new Breaker(options);
}

interface Outcome {
  at: number;
  failed: boolean;
}

class Breaker implements CircuitBreaker {
  private current: CircuitState = 'closed';
  // Bumped on every state change; a permit from an older generation no longer counts.
  private generation = 0;
  private openedAt = 0;
  private openReason = '';
  private consecutive = 0;
  private window: Outcome[] = [];
  private probing = 0;
  private readonly listeners = new Set<CircuitListener>();
  private readonly settings: Settings;
  private readonly label: string;
  private readonly clock: Clock;

  constructor(options: CircuitBreakerOptions) {
    this.settings = resolve(options);
    this.label = options.name === undefined ? 'circuit' : `circuit "${options.name}"`;
    this.clock = options.clock ?? systemClock;
  }

  get state(): CircuitState {
    if (this.current === 'open' && this.clock.now() >= this.openedAt + this.settings.halfOpenAfterMs) this.move('half-open');
    return this.current;
  }

  tryAcquire(): CircuitPermit | CircuitRefusal {
    const state = this.state;
    if (state === 'closed') return this.permit(false);
    if (state === 'half-open' && this.probing < this.settings.probes) {
      this.probing++;
      return this.permit(true);
    }
    const retryInMs = state === 'open' ? this.openedAt + this.settings.halfOpenAfterMs - this.clock.now() : this.settings.halfOpenAfterMs;
    const when = state === 'open' ? `it half-opens in ${Math.ceil(retryInMs)} ms` : `its ${this.settings.probes} probe call(s) are still running`;
    const error = new CircuitOpenError(
      `${this.label} is ${state} (${this.openReason}); ${when}. Wait and retry later, pass a fallback agent, or fix the failing dependency`,
      { retryInMs },
    );
    return { allowed: false, retryInMs, error };
  }

  onStateChange(listener: CircuitListener): () => void {
    // Wrapped so the same function subscribed twice unsubscribes independently.
    const entry: CircuitListener = (state, previous) => listener(state, previous);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  private permit(probe: boolean): CircuitPermit {
    const generation = this.generation;
    let open = true;
    const finish = (success: boolean | undefined) => {
      if (!open) return;
      open = false;
      if (generation !== this.generation) return;
      if (probe) this.probing--;
      if (success !== undefined) this.record(success, probe);
    };
    return { allowed: true, done: (success) => finish(success), release: () => finish(undefined) };
  }

  private record(success: boolean, probe: boolean): void {
    if (probe) {
      if (success) this.close();
      else this.open('a probe call failed');
      return;
    }
    const now = this.clock.now();
    this.consecutive = success ? 0 : this.consecutive + 1;
    if (this.settings.failureRatio !== undefined) {
      this.window.push({ at: now, failed: !success });
      const cutoff = now - this.settings.windowMs;
      const stale = this.window.findIndex((outcome) => outcome.at > cutoff);
      this.window.splice(0, stale === -1 ? this.window.length : stale);
    }
    if (!success) this.checkTrip();
  }

  private checkTrip(): void {
    if (this.settings.consecutiveFailures !== undefined && this.consecutive >= this.settings.consecutiveFailures) {
      this.open(`${this.consecutive} consecutive failures`);
      return;
    }
    if (this.settings.failureRatio === undefined || this.window.length < this.settings.minimumCalls) return;
    const failures = this.window.filter((outcome) => outcome.failed).length;
    if (failures / this.window.length >= this.settings.failureRatio) {
      this.open(`${failures} of the last ${this.window.length} calls failed within ${this.settings.windowMs} ms`);
    }
  }

  private open(reason: string): void {
    this.openedAt = this.clock.now();
    this.openReason = `opened after ${reason}`;
    // Forget past outcomes, so the circuit counts afresh once a probe closes it.
    this.consecutive = 0;
    this.window = [];
    this.move('open');
  }

  private close(): void {
    this.move('closed');
  }

  private move(next: CircuitState): void {
    const previous = this.current;
    this.current = next;
    this.generation++;
    this.probing = 0;
    if (previous === next) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(next, previous);
      } catch {
        // A faulty listener must not leave the breaker half-updated.
      }
    }
  }
}

/** The options a breaker runs on, defaults applied and checked. */
interface Settings {
  consecutiveFailures: number | undefined;
  failureRatio: number | undefined;
  minimumCalls: number;
  windowMs: number;
  halfOpenAfterMs: number;
  probes: number;
}

function resolve(options: CircuitBreakerOptions): Settings {
  const settings: Settings = {
    consecutiveFailures: options.consecutiveFailures,
    failureRatio: options.failureRatio,
    minimumCalls: options.minimumCalls ?? CIRCUIT_BREAKER_DEFAULTS.minimumCalls,
    windowMs: options.windowMs ?? CIRCUIT_BREAKER_DEFAULTS.windowMs,
    halfOpenAfterMs: options.halfOpenAfterMs,
    probes: options.probes ?? CIRCUIT_BREAKER_DEFAULTS.probes,
  };
  const { consecutiveFailures, failureRatio, windowMs, halfOpenAfterMs } = settings;
  if (consecutiveFailures === undefined && failureRatio === undefined) {
    throw new RangeError('circuitBreaker needs consecutiveFailures, failureRatio, or both; otherwise it never opens');
  }
  if (consecutiveFailures !== undefined) integerAtLeast('consecutiveFailures', consecutiveFailures, 1);
  if (failureRatio !== undefined && !(typeof failureRatio === 'number' && failureRatio > 0 && failureRatio <= 1)) {
    throw new RangeError(`failureRatio must be a fraction > 0 and <= 1, got ${String(failureRatio)}`);
  }
  integerAtLeast('minimumCalls', settings.minimumCalls, 1);
  integerAtLeast('probes', settings.probes, 1);
  if (!(typeof windowMs === 'number' && windowMs > 0)) {
    throw new RangeError(`windowMs must be a number > 0 (milliseconds), got ${String(windowMs)}`);
  }
  if (!(typeof halfOpenAfterMs === 'number' && Number.isFinite(halfOpenAfterMs) && halfOpenAfterMs >= 0)) {
    throw new RangeError(`halfOpenAfterMs must be a finite number >= 0 (milliseconds), got ${String(halfOpenAfterMs)}`);
  }
  return settings;
}

function integerAtLeast(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
}
