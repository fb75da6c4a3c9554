import { createDispatchApp } from '@flotilla/edge';
import type { AgentDefinition } from '@flotilla/core';
import { describe, expect, it } from 'vitest';

const KEY = 'disconnect-key-0123456789abcdef';

/** An agent that waits `ms` unless aborted, counting calls and aborts. */
function slowEcho(ms: number) {
  const stats = { calls: 0, aborted: 0 };
  const agent: AgentDefinition<number, number> = {
    name: 'slow',
    version: '1',
    async run(input, ctx) {
      stats.calls++;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener('abort', () => (clearTimeout(timer), stats.aborted++, reject(ctx.signal.reason)), { once: true });
      });
      return input;
    },
  };
  return { agent, stats };
}

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  for (const started = Date.now(); !check(); ) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('a client that leaves an SSE stream, inside workerd', () => {
  it('aborts the run: running agents see their signal abort and no new agent starts', async () => {
    const slow = slowEcho(100);
    const app = createDispatchApp({ agents: { slow: { agent: slow.agent, description: 'waits' } }, policy: { maxConcurrent: 2, maxInputs: 50 }, auth: { keys: [KEY] } });
    const response = await app.fetch(
      new Request('https://flotilla.test/v1/dispatch', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ agent: 'slow', inputs: Array.from({ length: 20 }, (_, i) => i), stream: true }),
      }),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    await reader.read(); // the first result event
    // workerd reports a client gone by cancelling the response body.
    await reader.cancel();
    await until(() => slow.stats.aborted > 0);
    const callsAtAbort = slow.stats.calls;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slow.stats.calls).toBe(callsAtAbort);
    expect(slow.stats.calls).toBeLessThan(20);
  });
});
