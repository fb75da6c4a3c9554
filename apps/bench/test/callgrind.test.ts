import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { instructions, mainThreadInstructions, parseCallgrind } from '../src/lib/callgrind.js';

// Real callgrind output of test/fixtures/callgrind/threads.c (see the README there).
const fixtures = fileURLToPath(new URL('./fixtures/callgrind/', import.meta.url));
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'flotilla-callgrind-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('callgrind output', () => {
  it('reads pid, thread and the Ir total of a per-thread file', () => {
    const main = parseCallgrind(read('threads/15445-01'));
    expect(main).toEqual({ pid: 15445, thread: 1, events: ['Ir'], totals: [35423] });
    expect(instructions(main)).toBe(35423);
    expect(instructions(parseCallgrind(read('threads/15445-02')))).toBe(6003);
  });

  it('picks the Ir column when several events were collected', () => {
    const file = parseCallgrind(read('cache-sim.out'));
    expect(file.events).toEqual(['Ir', 'Dr', 'Dw', 'I1mr', 'D1mr', 'D1mw', 'ILmr', 'DLmr', 'DLmw']);
    expect(file.thread).toBeUndefined();
    expect(instructions(file)).toBe(35423);
    // Ir need not come first.
    expect(instructions({ events: ['Dr', 'Ir'], totals: [7, 11] })).toBe(11);
  });

  it('prefers the final totals: line to the summary: line', () => {
    const text = read('threads/15445-02').replace('totals: 6003', 'totals: 6010');
    expect(instructions(parseCallgrind(text))).toBe(6010);
    expect(instructions(parseCallgrind(text.replace('totals: 6010', '')))).toBe(6003);
  });

  it('takes the main thread from a --separate-threads=yes run, whatever the file names', () => {
    const dir = join(scratch, 'threads');
    cpSync(join(fixtures, 'threads'), dir, { recursive: true });
    expect(mainThreadInstructions(dir)).toBe(35423);
    // Names do not matter, the `thread: 1` header does.
    const renamed = join(scratch, 'renamed');
    cpSync(dir, renamed, { recursive: true });
    writeFileSync(join(renamed, 'a'), read('threads/15445-02'));
    writeFileSync(join(renamed, 'z'), read('threads/15445-01'));
    rmSync(join(renamed, '15445-01'));
    rmSync(join(renamed, '15445-02'));
    expect(mainThreadInstructions(renamed)).toBe(35423);
  });

  it('takes the single file of a run without separate threads', () => {
    const dir = join(scratch, 'single');
    cpSync(join(fixtures, 'cache-sim.out'), join(dir, '123'), { recursive: true });
    expect(mainThreadInstructions(dir)).toBe(35423);
  });

  it('rejects what it cannot read instead of returning a number', () => {
    expect(() => parseCallgrind('hello\n')).toThrow(/not a callgrind output file/);
    expect(() => parseCallgrind('events: Ir\ntotals: 12x\n')).toThrow(/unreadable/);
    expect(() => instructions(parseCallgrind('events: Dr\ntotals: 5\n'))).toThrow(/no Ir/);
    const empty = join(scratch, 'empty');
    cpSync(join(fixtures, 'threads/15445'), join(empty, '15445'), { recursive: true });
    expect(() => mainThreadInstructions(empty)).toThrow(/found 0/);
  });
});
