import { describe, expect, it } from 'vitest';
import * as circuit from './circuit-breaker.js';
import * as security from './security.js';

describe('HOW: guards (security sample)', () => {
  it('refuses the injected ticket without calling the agent and redacts PII both ways', async () => {
    const report = await security.run();
    const byId = Object.fromEntries(report.tickets.map((t) => [t.id, t]));
    expect(byId['T-2']).toMatchObject({ outcome: 'injection_detected', prompt: undefined });
    expect(byId['T-4']!.outcome).toBe('ok');
    expect(report.agentCalls).toBe(3);
    expect(byId['T-1']!.prompt).toContain('[EMAIL_1]');
    expect(byId['T-1']!.prompt).not.toContain('ada@example.com');
    expect(byId['T-1']!.inputRedactions).toEqual(['email', 'phone']);
    expect(byId['T-3']!.inputRedactions).toEqual(['credit_card']);
    expect(byId['T-1']!.outputRedactions).toEqual(['email']);
    expect(report.templateRefused).toBe(true);
    expect(security.headline(report)).toMatch(/1 injected ticket refused/);
  });
});

describe('HOW: circuit breaker sample', () => {
  it('fails fast once open, falls back, and closes after a successful probe', async () => {
    const report = await circuit.run();
    expect(report.failedFast).toBe(9);
    expect(report.spentUsd).toBeCloseTo(3 * 0.004, 10);
    expect(report.servedByFallback).toBeGreaterThanOrEqual(11);
    expect(report.recovered).toBe(12);
    expect(report.transitions[0]).toBe('closed');
    expect(report.transitions.at(-1)).toBe('closed');
    expect(report.transitions).toContain('open');
    expect(report.transitions).toContain('half-open');
  });
});
