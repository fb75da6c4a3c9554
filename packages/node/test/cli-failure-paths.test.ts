import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteCache } from '../src/sqlite-cache.js';
import { EXAMPLES, FIXTURES, jsonl, runCli, startCli } from './support/cli.js';
import { useTempDir } from './support/temp-dir.js';

const sleepy = join(FIXTURES, 'sleepy-agent.mjs');
const receipts = join(EXAMPLES, 'receipts.jsonl');
const writeLines = (path: string, lines: unknown[]) => writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');

describe('flags', () => {
  it.each([
    [['--concurrency', '-3'], /--concurrency must be an integer >= 1, got "-3"/],
    [['-c', '-3'], /--concurrency must be an integer >= 1, got "-3"/],
    [['--budget', '-1'], /--budget must be a number >= 0, got "-1"/],
    [['--budget', '-.5'], /--budget must be a number >= 0, got "-.5"/],
    [['--concurency', '3'], /Unknown option '--concurency'; did you mean --concurrency\?/],
    [['--bugdet', '1'], /did you mean --budget\?/],
    [['--outptu', 'x'], /did you mean --output\?/],
  ])('%j gets a clear usage error, exit 2', async (flags, message) => {
    const { code, stderr } = await runCli(['run', '--input', receipts, '--agent', sleepy, ...flags]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/ambiguous/);
  });

  it('gives no suggestion for a flag nothing like a known one', async () => {
    const { code, stderr } = await runCli(['run', '--input', receipts, '--agent', sleepy, '--xyzzy-plugh']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--xyzzy-plugh'/);
    expect(stderr).not.toMatch(/did you mean/);
  });

  it('--help states the budget guarantee with its condition, and every exit code', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout.replace(/\s+/g, ' ')).toContain(
      "the cap holds when every agent spends within its reservation (costPerAgentUsd, the agent's estimateCostUsd, or the highest cost seen so far); an agent that reports more stops the run at once and the overshoot is reported",
    );
    for (const code of ['0', '1', '2', '3', '70', '130']) expect(stdout).toMatch(new RegExp(`\\n  ${code} `));
    expect(stdout).toMatch(/143  terminated \(SIGTERM\)/);
  });
});

describe('every failure path prints a message and a documented exit code', () => {
  const temp = useTempDir();

  it('a missing --output directory: exit 3 with what to do, not a silent 13', async () => {
    const out = join(temp(), 'no-such-dir', 'out.jsonl');
    const { code, stderr } = await runCli(['run', '--agent', sleepy, '--input', receipts, '--output', out]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot write --output .*no-such-dir.*does not exist; create it/);
  });

  it('an --output that is a directory: exit 3', async () => {
    const { code, stderr } = await runCli(['run', '--agent', sleepy, '--input', receipts, '--output', temp()]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/it is a directory/);
  });

  it('SIGTERM says it is stopping, without a Ctrl-C hint, and exits 143', async () => {
    const input = join(temp(), 'in.jsonl');
    const out = join(temp(), 'out.jsonl');
    writeLines(input, Array.from({ length: 20 }, (_, i) => ({ id: i, ms: i < 2 ? 5 : 5_000 })));
    const run = startCli(['run', '--agent', sleepy, '--input', input, '--output', out, '--order', 'completed', '-c', '4']);
    await expect.poll(() => (existsSync(out) ? jsonl(readFileSync(out, 'utf8')).length : 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.done;
    expect(code).toBe(143);
    expect(stderr).toMatch(/SIGTERM received: stopping; finished results are written\./);
    expect(stderr).not.toMatch(/Ctrl-C/);
  });
});

describe('a cache file that existed but held nothing readable', () => {
  const temp = useTempDir();
  const input = () => {
    const path = join(temp(), 'in.jsonl');
    writeLines(path, [{ id: 1 }, { id: 2 }]);
    return path;
  };

  it('a zero-length file: a loud warning, and --strict refuses it with exit 2', async () => {
    const db = join(temp(), 'cache.db');
    writeFileSync(db, '');
    const warned = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', db]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/WARNING: --cache .*cache\.db existed but is empty \(0 bytes\): earlier results are lost/);
    writeFileSync(db, '');
    const refused = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', db, '--strict']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--strict refuses to run on a cache that lost its results/);
    expect(refused.stdout).toBe('');
  });

  it('a WAL deleted after a kill: the entries only it held are gone, and that is said', async () => {
    const db = join(temp(), 'cache.db');
    // A first run's entry, committed to the WAL and not yet checkpointed into the main file.
    const cache = sqliteCache({ path: db });
    await cache.set('k1', { value: 1, costUsd: 0.001, storedAt: Date.now() });
    expect(existsSync(`${db}-wal`)).toBe(true);
    // The kill: the main file as it is on disk at that moment, and its WAL lost.
    const crashed = join(temp(), 'crashed.db');
    writeFileSync(crashed, readFileSync(db));
    cache.close();
    const run = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', crashed]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/WARNING: --cache .*crashed\.db existed but \(\d+ bytes\) holds no readable entry/);
  });

  it('a corrupted WAL: warned too', async () => {
    const db = join(temp(), 'cache.db');
    const cache = sqliteCache({ path: db });
    await cache.set('k1', { value: 1, costUsd: 0.001, storedAt: Date.now() });
    const crashed = join(temp(), 'crashed.db');
    writeFileSync(crashed, readFileSync(db));
    const wal = readFileSync(`${db}-wal`);
    cache.close();
    // Flip bytes in every frame after the WAL header: checksums fail, SQLite ignores the frames.
    for (let i = 32; i < wal.length; i += 97) wal[i] = wal[i]! ^ 0xff;
    writeFileSync(`${crashed}-wal`, wal);
    const run = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', crashed]);
    expect(run.stderr).toMatch(/WARNING: --cache .*crashed\.db existed but .*no readable entry/);
  });

  it('a healthy cache, or a new one: no warning', async () => {
    const db = join(temp(), 'cache.db');
    const first = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', db]);
    expect(first.stderr).not.toMatch(/WARNING/);
    const second = await runCli(['run', '--agent', sleepy, '--input', input(), '--cache', db, '--strict']);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/WARNING/);
    expect(jsonl<{ cached: boolean }>(second.stdout).every((r) => r.cached)).toBe(true);
    rmSync(db, { force: true });
  });
});

describe('--budget over an agent that cannot estimate its cost', () => {
  it('warns without estimateCostUsd and --cost-per-agent, and not with either', async () => {
    const bare = await runCli(['run', '--agent', sleepy, '--input', receipts, '--budget', '1']);
    expect(bare.stderr).toMatch(/warning: --budget \$1\.00 with an agent that has no estimateCostUsd and no --cost-per-agent/);
    const reserved = await runCli(['run', '--agent', sleepy, '--input', receipts, '--budget', '1', '--cost-per-agent', '0.01']);
    expect(reserved.stderr).not.toMatch(/no estimateCostUsd/);
    const estimating = await runCli(['run', '--agent', join(EXAMPLES, 'classify-agent.mjs'), '--input', receipts, '--budget', '1']);
    expect(estimating.stderr).not.toMatch(/no estimateCostUsd/);
  });
});

describe('flotilla demo outside a checkout', () => {
  const temp = useTempDir();
  it('prints a real instruction: what to run, with the shipped example’s real paths', async () => {
    // Install the built package as npx would, in a directory with no checkout above it.
    const pkg = join(temp(), 'node_modules', '@flotilla', 'node');
    const here = join(import.meta.dirname, '..');
    cpSync(join(here, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(here, 'examples'), join(pkg, 'examples'), { recursive: true });
    cpSync(join(here, 'package.json'), join(pkg, 'package.json'));
    mkdirSync(join(pkg, 'node_modules', '@flotilla'), { recursive: true });
    symlinkSync(realpathSync(join(here, 'node_modules', '@flotilla', 'core')), join(pkg, 'node_modules', '@flotilla', 'core'));
    symlinkSync(realpathSync(join(here, 'node_modules', 'better-sqlite3')), join(pkg, 'node_modules', 'better-sqlite3'));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(pkg, 'dist', 'cli.js'), 'demo'], { cwd: temp(), env: { PATH: process.env.PATH ?? '' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/live in the Flotilla source repository/);
    expect(stderr).not.toMatch(/<[^>]*>/); // no placeholder such as <the Flotilla repository>
    const command = /flotilla run --agent (\S+) --input (\S+)/.exec(stderr);
    expect(command).not.toBeNull();
    expect(existsSync(command![1]!)).toBe(true);
    expect(existsSync(command![2]!)).toBe(true);
  });
});
