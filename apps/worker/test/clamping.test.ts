import { describe, expect, it } from 'vitest';
import { postDispatch } from './support/api.js';
import { KEYS } from './support/bindings.js';

describe('client limits are clamped to the server policy', () => {
  it('lowers concurrency, spend and time a client asks for, reports it, and the run obeys', async () => {
    const inputs = Array.from({ length: 24 }, (_, i) => `clamp item ${i} is great`);
    const response = await postDispatch(KEYS.clamp, {
      agent: 'sentiment',
      inputs,
      limits: { maxConcurrent: 1000, maxTotalCostUsd: 500, agentTimeoutMs: 600_000, maxTotalDurationMs: 3_600_000 },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.limits).toMatchObject({ maxConcurrent: 8, maxTotalCostUsd: 0.5, agentTimeoutMs: 30_000, maxTotalDurationMs: 60_000 });
    expect(body.clamped).toEqual([
      { limit: 'maxConcurrent', requested: 1000, applied: 8 },
      { limit: 'maxTotalCostUsd', requested: 500, applied: 0.5 },
      { limit: 'agentTimeoutMs', requested: 600_000, applied: 30_000 },
      { limit: 'maxTotalDurationMs', requested: 3_600_000, applied: 60_000 },
    ]);
    expect(body.stats.peakConcurrency).toBeLessThanOrEqual(8);
    expect(body.stats.peakConcurrency).toBeGreaterThan(1);
    expect(body.results).toHaveLength(24);
  });

  it('keeps limits a client lowers, and they take effect', async () => {
    const response = await postDispatch(KEYS.clamp, {
      agent: 'summarize',
      inputs: Array.from({ length: 6 }, (_, i) => `Lowered ${i}. Second sentence.`),
      limits: { maxConcurrent: 1, maxTotalAgents: 4 },
    });
    const body = (await response.json()) as any;
    expect(body.clamped).toEqual([]);
    expect(body.stats.peakConcurrency).toBe(1);
    expect(body.stopReason).toBe('max_agents');
    expect(body.results.filter((r: any) => r.ok)).toHaveLength(4);
    expect(body.results.slice(4).map((r: any) => r.error.code)).toEqual(['max_agents', 'max_agents']);
  });

  it('refuses more inputs than the policy allows instead of truncating', async () => {
    const response = await postDispatch(KEYS.clamp, { agent: 'sentiment', inputs: Array.from({ length: 101 }, (_, i) => i) });
    expect(response.status).toBe(422);
    const body = (await response.json()) as any;
    expect(body.code).toBe('too_many_inputs');
    expect(body.detail).toMatch(/at most 100 inputs/);
  });
});
