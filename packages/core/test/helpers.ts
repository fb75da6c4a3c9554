import type { AgentContext } from '../src/index.js';

/** Resolve after `ms`, or reject when `signal` aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** An agent that tracks how many of its calls run at once. */
export function concurrencyProbe<I>(work: (input: I, ctx: AgentContext) => Promise<unknown>) {
  const probe = {
    running: 0,
    peak: 0,
    calls: 0,
    agent: async (input: I, ctx: AgentContext) => {
      probe.calls++;
      probe.running++;
      probe.peak = Math.max(probe.peak, probe.running);
      try {
        return await work(input, ctx);
      } finally {
        probe.running--;
      }
    },
  };
  return probe;
}
