import type { AgentDefinition } from '@flotilla/core';

export const KEY = 'test-key-0123456789abcdef';
export const OTHER_KEY = 'other-key-0123456789abcdef';

/** Echoes its input after `delayMs`, honouring the abort signal; counts calls and aborts. */
export function echoAgent(delayMs = 5) {
  const stats = { calls: 0, aborted: 0, running: 0, peak: 0 };
  const agent: AgentDefinition<unknown, { echo: unknown; label: string; score: number }> = {
    name: 'echo',
    version: '1',
    async run(input, ctx) {
      stats.calls++;
      stats.running++;
      stats.peak = Math.max(stats.peak, stats.running);
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delayMs);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            stats.aborted++;
            reject(ctx.signal.reason);
          }, { once: true });
        });
        ctx.reportCost(0.001);
        const text = typeof input === 'string' ? input : JSON.stringify(input);
        return { echo: input, label: text.length % 2 === 0 ? 'even' : 'odd', score: text.length };
      } finally {
        stats.running--;
      }
    },
  };
  return { agent, stats };
}

export const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
