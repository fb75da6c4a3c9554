import { describe, expect, it } from 'vitest';
import { FailureRate, StatsRecorder } from '../src/internal.js';

describe('StatsRecorder for work that ran in other processes', () => {
  it('counts peak concurrency from remote starts and ends, and calls and latency from remote runs', () => {
    const stats = new StatsRecorder();
    stats.remoteStarted();
    stats.remoteStarted();
    stats.remoteEnded();
    stats.remoteStarted();
    stats.remoteStarted();
    stats.remoteEnded();
    stats.remoteEnded();
    stats.remoteEnded();
    // An unmatched end never drives the count below zero (a job that was never seen starting).
    stats.remoteEnded();
    stats.remoteStarted();
    stats.remoteRan(2, 40);
    stats.remoteRan(1, 10);
    stats.remoteRan(0, 99);
    const snapshot = stats.snapshot(100);
    expect(snapshot.peakConcurrency).toBe(3);
    expect(snapshot.agentCalls).toBe(3);
    expect(snapshot.latencyMs.max).toBeGreaterThanOrEqual(40);
    expect(snapshot.latencyMs.max).toBeLessThan(99);
  });
});

describe('FailureRate', () => {
  it('trips only past the rate and after the minimum samples, with a message that says what to do', () => {
    const rule = new FailureRate(0.5, 4);
    expect([rule.record(true), rule.record(true), rule.record(true)]).toEqual([undefined, undefined, undefined]);
    expect(rule.record(false)).toBe('3 of 4 agents failed (75% > maxFailureRate 50%); fix the agent or raise maxFailureRate');
    const off = new FailureRate(undefined, 1);
    expect(off.record(true)).toBeUndefined();
    const even = new FailureRate(0.5, 2);
    even.record(true);
    expect(even.record(false)).toBeUndefined();
  });
});
