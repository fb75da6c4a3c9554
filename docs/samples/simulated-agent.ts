/**
 * Simulated LLM agents for the deep-dive samples: a seeded random latency and
 * cost model, so every sample runs offline, fast and reproducibly.
 *
 * A simulated agent has exactly the shape of a real one (`{ name, model, run }`
 * where `run(input, ctx)` honours `ctx.signal` and calls `ctx.reportCost(usd)`),
 * so any sample can swap it for a provider call without touching the dispatch
 * code. See docs/deep-dive.md, "Replacing the simulation with a real model".
 */
import { AgentError, type AgentContext, type AgentDefinition } from '@flotilla/core';

/** Price and speed of one (fictitious) model. Prices are USD per million tokens. */
export interface ModelProfile {
  /** Model id, as a provider would name it. */
  model: string;
  /** USD per million input (prompt) tokens. */
  inputUsdPerMTok: number;
  /** USD per million output (completion) tokens. */
  outputUsdPerMTok: number;
  /** Typical latency of one call, in milliseconds. */
  latencyMs: number;
  /** Chance (0..1) that the model gets a judgement right in the samples' toy tasks. */
  accuracy: number;
}

/**
 * The simulated model catalogue. The names are made up on purpose: prices and
 * latencies are plausible orders of magnitude, not quotes of any provider.
 */
export const MODELS = {
  'orca-mini': { model: 'orca-mini', inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, latencyMs: 35, accuracy: 0.8 },
  'orca-large': { model: 'orca-large', inputUsdPerMTok: 2.5, outputUsdPerMTok: 10, latencyMs: 90, accuracy: 0.95 },
  'heron-1': { model: 'heron-1', inputUsdPerMTok: 0.8, outputUsdPerMTok: 4, latencyMs: 50, accuracy: 0.85 },
  'heron-1-pro': { model: 'heron-1-pro', inputUsdPerMTok: 3, outputUsdPerMTok: 15, latencyMs: 110, accuracy: 0.95 },
  'lynx-8b': { model: 'lynx-8b', inputUsdPerMTok: 0.05, outputUsdPerMTok: 0.08, latencyMs: 25, accuracy: 0.7 },
  'lynx-70b': { model: 'lynx-70b', inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.8, latencyMs: 60, accuracy: 0.85 },
  'kestrel-flash': { model: 'kestrel-flash', inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4, latencyMs: 30, accuracy: 0.8 },
} as const satisfies Record<string, ModelProfile>;

/** A model id of {@link MODELS}. */
export type ModelId = keyof typeof MODELS;

/**
 * Mulberry32: a tiny, fast, seeded PRNG. Returns a function that yields
 * numbers uniformly in [0, 1); the same seed gives the same sequence.
 *
 * @example
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636, on every run
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string to an unsigned 32-bit integer (seeds one call's PRNG). */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** What a simulated agent's `answer` function gets for one call. */
export interface SimulatedCall {
  /** The call's own seeded PRNG, in [0, 1). Same seed, agent and input: same numbers. */
  random: () => number;
  /** The model answering. */
  profile: ModelProfile;
  /** The agent context of the call (prompt, index, signal...). */
  ctx: AgentContext;
}

/** Options of {@link simulatedAgent}. */
export interface SimulatedAgentOptions<I, O> {
  /** Agent name (part of the cache key). */
  name: string;
  /** The model profile, or a function choosing it per input (for one agent that fans out over models). */
  profile: ModelProfile | ((input: I) => ModelProfile);
  /** Seed of the latency, cost, failure and answer randomness (default 1). */
  seed?: number;
  /** Latency spread: each call takes `latencyMs x (1 +/- jitter)` (0..1, default 0.3). `0` makes every call take exactly `latencyMs`. */
  jitter?: number;
  /** Overrides the profile's latency, in milliseconds (e.g. the speedup sample's fixed 100 ms). */
  latencyMs?: number;
  /** Prompt tokens of a call; default: the prompt (or the JSON input) length / 4, the usual rule of thumb. */
  inputTokens?: number | ((input: I, ctx: AgentContext) => number);
  /** Completion tokens of a call (default 60 +/- 50%). */
  outputTokens?: number | ((random: () => number) => number);
  /** Chance (0..1) that a call fails with a provider error after its latency (default 0). Failed calls bill their prompt tokens. */
  failureRate?: number;
  /** Produce the answer. */
  answer: (input: I, call: SimulatedCall) => O;
}

/** A simulated agent: an {@link AgentDefinition} that also counts its calls. */
export interface SimulatedAgent<I, O> extends AgentDefinition<I, O> {
  /** Executions so far (cache hits never reach the agent, so they do not count). */
  readonly calls: number;
}

/**
 * Build an agent whose latency, token counts, cost and failures are drawn
 * from a PRNG seeded by `seed`, the agent, the model and the input: the same
 * input always gets the same answer and latency, whatever the scheduling order.
 *
 * @example
 * const agent = simulatedAgent({
 *   name: 'classify', profile: MODELS['orca-mini'], seed: 7,
 *   answer: (receipt, { random }) => ({ category: random() < 0.9 ? 'electronics' : 'office' }),
 * });
 * await dispatch({ agent, inputs: receipts });
 */
export function simulatedAgent<I, O>(options: SimulatedAgentOptions<I, O>): SimulatedAgent<I, O> {
  const seed = options.seed ?? 1;
  const jitter = options.jitter ?? 0.3;
  const failureRate = options.failureRate ?? 0;
  const profileOf = typeof options.profile === 'function' ? options.profile : () => options.profile as ModelProfile;
  const fixed = typeof options.profile === 'function' ? undefined : options.profile;
  let calls = 0;

  return {
    name: options.name,
    model: fixed?.model,
    get calls() {
      return calls;
    },
    async run(input, ctx) {
      calls++;
      const profile = profileOf(input);
      const random = mulberry32(hash32(`${seed}|${options.name}|${profile.model}|${JSON.stringify(input)}|${ctx.attempt}`));
      const base = options.latencyMs ?? profile.latencyMs;
      const latencyMs = Math.max(1, Math.round(base * (1 + jitter * (2 * random() - 1))));
      const fails = random() < failureRate;
      const inputTokens = tokensIn(options.inputTokens, input, ctx);
      const outputTokens = tokensOut(options.outputTokens, random);

      await sleep(latencyMs, ctx.signal);
      if (fails) {
        // Providers bill the prompt of a failed call but not a completion.
        ctx.reportCost(usdFor(profile, inputTokens, 0));
        throw new AgentError(`${profile.model} answered HTTP 503 (simulated outage); retry later`, { retryable: true });
      }
      ctx.reportCost(usdFor(profile, inputTokens, outputTokens));
      return options.answer(input, { random, profile, ctx });
    },
  };
}

/** Cost in USD of one call of `profile` with these token counts. */
export function usdFor(profile: ModelProfile, inputTokens: number, outputTokens: number): number {
  return (inputTokens * profile.inputUsdPerMTok + outputTokens * profile.outputUsdPerMTok) / 1_000_000;
}

/**
 * Wait `ms` milliseconds, or reject with the signal's reason as soon as it
 * aborts (a real agent passes `ctx.signal` to `fetch` for the same effect).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function tokensIn<I>(spec: SimulatedAgentOptions<I, unknown>['inputTokens'], input: I, ctx: AgentContext): number {
  if (typeof spec === 'number') return spec;
  if (typeof spec === 'function') return spec(input, ctx);
  return Math.ceil((ctx.prompt ?? JSON.stringify(input) ?? '').length / 4);
}

function tokensOut(spec: SimulatedAgentOptions<unknown, unknown>['outputTokens'], random: () => number): number {
  if (typeof spec === 'number') return spec;
  if (typeof spec === 'function') return spec(random);
  return Math.round(60 * (0.5 + random()));
}

/** Pick one element of `items` with `random`. */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length]!;
}
