import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/cli/args.js';
import { formatDuration, formatUsd, parseDuration } from '../src/cli/format.js';
import { readJsonl } from '../src/cli/jsonl-input.js';
import { Progress } from '../src/cli/progress.js';
import { ReorderBuffer } from '../src/cli/reorder-buffer.js';

describe('ReorderBuffer', () => {
  it('releases any arrival order as 0, 1, 2, ... and holds nothing at the end', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Array.from({ length: 60 }, (_, i) => i), { minLength: 60 }), (order) => {
        const buffer = new ReorderBuffer<number>(100);
        const released = order.flatMap((position) => buffer.push(position, position));
        expect(released).toEqual(Array.from({ length: 60 }, (_, i) => i));
        expect(buffer.size).toBe(0);
      }),
    );
  });

  it('makes a producer wait when it runs a window ahead, and lets it go when the gap closes', async () => {
    const buffer = new ReorderBuffer<string>(3);
    expect(buffer.waitForRoom(2)).toBeUndefined();
    const waiting = buffer.waitForRoom(3);
    expect(waiting).toBeInstanceOf(Promise);
    let released = false;
    void waiting!.then(() => (released = true));
    buffer.push(1, 'b');
    await Promise.resolve();
    expect(released).toBe(false);
    expect(buffer.push(0, 'a')).toEqual(['a', 'b']);
    await waiting;
    expect(released).toBe(true);
  });

  it('drains what is held, in order, when a run ends with a gap', () => {
    const buffer = new ReorderBuffer<string>(10);
    buffer.push(3, 'd');
    buffer.push(1, 'b');
    expect(buffer.drain()).toEqual(['b', 'd']);
    expect(buffer.next).toBe(4);
  });
});

describe('readJsonl', () => {
  it('numbers lines from 1, skips blank lines, handles CRLF and a BOM, and reports bad lines', async () => {
    const text = '\uFEFF{"a":1}\r\n\r\n  \n[2]\nnot json\n"last"';
    const lines = [];
    for await (const line of readJsonl(Readable.from([text]))) lines.push(line);
    expect(lines).toEqual([
      { ok: true, line: 1, value: { a: 1 } },
      { ok: true, line: 4, value: [2] },
      { ok: false, line: 5, reason: expect.stringMatching(/JSON/) },
      { ok: true, line: 6, value: 'last' },
    ]);
  });
});

describe('format helpers', () => {
  it('formats money and durations for people', () => {
    // One format: a $, at least 2 and at most 6 decimals, no trailing zeros past the second.
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0004)).toBe('$0.0004');
    expect(formatUsd(0.0096)).toBe('$0.0096');
    expect(formatUsd(0.000123)).toBe('$0.000123');
    expect(formatUsd(0.25)).toBe('$0.25');
    expect(formatUsd(0.1 + 0.2)).toBe('$0.30');
    expect(formatUsd(2)).toBe('$2.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(1e-9)).toBe('$0.00');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_345)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000)).toBe('2h03m');
  });

  it('parses durations with units', () => {
    expect(parseDuration('500')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('soon')).toBeUndefined();
  });
});

describe('parseCommandLine', () => {
  const base = ['run', '--input', 'in.jsonl', '--agent', 'a.mjs'];

  it('fills the documented defaults', () => {
    const command = parseCommandLine(base, {});
    expect(command).toMatchObject({
      kind: 'run',
      config: { concurrency: 10, timeoutMs: 60_000, order: 'input', retries: 0, cacheTtlMs: 7 * 86_400_000, strict: false, quiet: false, injection: 'reject' },
    });
  });

  it('reads every limit flag, and --timeout 0 turns the timeout off', () => {
    const command = parseCommandLine([...base, '-c', '3', '-b', '2.5', '--cost-per-agent', '0.01', '--timeout', '0', '--rps', '4', '--retries', '2', '--cache', 'x.db', '--cache-ttl', '12h'], {});
    expect(command).toMatchObject({
      config: { concurrency: 3, budgetUsd: 2.5, costPerAgentUsd: 0.01, timeoutMs: undefined, requestsPerSecond: 4, retries: 2, cachePath: 'x.db', cacheTtlMs: 12 * 3_600_000 },
    });
  });

  it('builds the provider config, preferring FLOTILLA_API_KEY over OPENAI_API_KEY', () => {
    const command = parseCommandLine(
      ['run', '--input', 'in.jsonl', '--provider', 'openai-compatible', '--base-url', 'http://h/v1', '--model', 'm', '--price-in', '0.15', '--price-out', '0.6', '--json'],
      { OPENAI_API_KEY: 'openai', FLOTILLA_API_KEY: 'flotilla' },
    );
    expect(command).toMatchObject({
      config: { provider: { baseURL: 'http://h/v1', model: 'm', apiKey: 'flotilla', priceInPerMillion: 0.15, priceOutPerMillion: 0.6, maxTokens: 512, json: true } },
    });
  });
});

describe('Progress', () => {
  function sink() {
    let text = '';
    const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
    return { stream, text: () => text };
  }

  it('shows done/total, successes, failures, cache hits, spend of the cap, rate and ETA', () => {
    let time = 0;
    const { stream } = sink();
    const progress = new Progress({ stream, tty: false, budgetUsd: 5, now: () => time });
    progress.total = 100;
    for (let i = 0; i < 20; i++) {
      time += 100;
      progress.record({ ok: i !== 3, cached: i < 5, costUsd: 0.01, errorCode: i === 3 ? 'timeout' : undefined });
    }
    expect(progress.line()).toBe('20/100 20% | ok 19 | failed 1 | cached 5 | $0.20 of $5.00 | 10/s | ETA 8.0s');
    expect([...progress.failuresByCode]).toEqual([['timeout', 1]]);
  });

  it('redraws one line in place on a TTY, and clears it for messages', () => {
    const { stream, text } = sink();
    const progress = new Progress({ stream, tty: true, intervalMs: 5 });
    progress.record({ ok: true, cached: false, costUsd: 0 });
    progress.start();
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        progress.log('flotilla: a warning');
        progress.stop();
        expect(text()).toMatch(/^\r\x1b\[2K1 done \| ok 1/);
        expect(text()).toContain('\r\x1b[2Kflotilla: a warning\n1 done');
        expect(text().endsWith('\r\x1b[2K')).toBe(true);
        resolve();
      }, 40);
    });
  });

  it('prints plain lines when not a TTY, only when something changed', async () => {
    const { stream, text } = sink();
    const progress = new Progress({ stream, tty: false, intervalMs: 5 });
    progress.record({ ok: true, cached: false, costUsd: 0 });
    progress.start();
    await new Promise((resolve) => setTimeout(resolve, 40));
    progress.stop();
    expect(text().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^flotilla: 1 done \| ok 1 \| failed 0/)]);
    expect(text()).not.toContain('\x1b');
  });
});
