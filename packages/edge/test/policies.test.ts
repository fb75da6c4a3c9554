import { cappedLedger, scopedCache as coreScopedCache } from '@flotilla/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampLimits, DEFAULT_POLICY, depthOf, periodLabel, runLedger, scopedCache } from '../src/index.js';

describe('clampLimits', () => {
  const policy = { ...DEFAULT_POLICY, maxConcurrent: 8, maxTotalCostUsd: 0.5, costPerAgentUsd: 0.01, agentTimeoutMs: 30_000, maxTotalDurationMs: 60_000 };

  it('never lets a client raise concurrency, spend or time, nor lower the per-agent reservation', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            maxConcurrent: fc.integer({ min: 1, max: 1_000_000 }),
            maxTotalCostUsd: fc.double({ min: 0, max: 1e6, noNaN: true }),
            costPerAgentUsd: fc.double({ min: 0, max: 1e6, noNaN: true }),
            agentTimeoutMs: fc.integer({ min: 1, max: 1e9 }),
            maxTotalDurationMs: fc.integer({ min: 1, max: 1e9 }),
          },
          { requiredKeys: [] },
        ),
        (requested) => {
          const { limits, clamped } = clampLimits(requested, policy);
          expect(limits.maxConcurrent).toBeLessThanOrEqual(8);
          expect(limits.maxTotalCostUsd).toBeLessThanOrEqual(0.5);
          expect(limits.agentTimeoutMs).toBeLessThanOrEqual(30_000);
          expect(limits.maxTotalDurationMs).toBeLessThanOrEqual(60_000);
          expect(limits.costPerAgentUsd).toBeGreaterThanOrEqual(0.01);
          // A limit within the policy is kept as asked, and every change is reported.
          for (const note of clamped) expect(requested[note.limit as keyof typeof requested]).toBe(note.requested);
          for (const [name, value] of Object.entries(requested)) {
            const changed = clamped.some((note) => note.limit === name);
            expect(changed).toBe(limits[name as keyof typeof limits] !== value);
          }
        },
      ),
    );
  });

  it('fills absent limits from the policy and passes limits that only stop sooner', () => {
    const { limits, clamped } = clampLimits({ maxTotalAgents: 3, maxFailureRate: 0.2, preflight: true }, policy);
    expect(limits).toMatchObject({ maxConcurrent: 8, maxTotalCostUsd: 0.5, costPerAgentUsd: 0.01, maxTotalAgents: 3, maxFailureRate: 0.2, preflight: true });
    expect(clamped).toEqual([]);
  });
});

describe('runLedger and scopedCache', () => {
  it('are core’s cappedLedger and scopedCache, kept under their edge names (tested in core)', () => {
    expect(runLedger).toBe(cappedLedger);
    expect(scopedCache).toBe(coreScopedCache);
  });
});

describe('periodLabel', () => {
  const at = Date.UTC(2026, 4, 31, 23, 59, 59);
  it('labels UTC calendar periods and fixed windows', () => {
    expect(periodLabel('hour', at)).toBe('2026-05-31T23');
    expect(periodLabel('day', at)).toBe('2026-05-31');
    expect(periodLabel('day', at + 1_000)).toBe('2026-06-01');
    expect(periodLabel('month', at)).toBe('2026-05');
    expect(periodLabel('total', at)).toBe('total');
    expect(periodLabel(60_000, 120_000)).toBe('w60000-2');
    expect(() => periodLabel(0, at)).toThrow(RangeError);
  });
});

describe('depthOf', () => {
  it('measures nesting without recursion, even 100 000 levels deep', () => {
    expect(depthOf('x')).toBe(0);
    expect(depthOf([])).toBe(1);
    expect(depthOf({ a: [{ b: 1 }] })).toBe(3);
    expect(depthOf(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toBe(100_000);
  });
});
