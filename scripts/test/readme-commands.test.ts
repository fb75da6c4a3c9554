/**
 * Every fenced shell block of README.md and packages/*\/README.md, run for real
 * from the repository root, one file at a time and its blocks in order (the marks
 * are in scripts/readme-blocks.mjs and CONTRIBUTING.md). scripts/test.mjs runs this
 * project alone: the blocks install, build and start servers on fixed ports.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { readmeBlocks } from '../readme-blocks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const READMES = [
  'README.md',
  ...readdirSync(join(root, 'packages'))
    .map((name) => `packages/${name}/README.md`)
    .filter((path) => existsSync(join(root, path))),
];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

/** Paths that are neither tracked nor present before (ignored ones included, folders collapsed). */
function untrackedPaths(): Set<string> {
  const result = spawnSync('git', ['ls-files', '--others', '--directory', '--no-empty-directory'], { cwd: root, encoding: 'utf8' });
  return new Set(result.status === 0 ? result.stdout.split('\n').filter(Boolean) : []);
}
const before = untrackedPaths();

interface Exit {
  code: number | null;
  output: string;
}

/** Run one block with bash -euo pipefail from the root; resolves with its exit code and output. */
function runBlock(code: string, timeoutMs: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', code], { cwd: root, env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += `\n[readme test: still running after ${timeoutMs} ms; killed]`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, output });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

interface Server {
  child: ChildProcess;
  exited: Promise<void>;
  output: () => string;
}

/** Start a `serves:` block and wait until `url` answers; fails if it exits first. */
async function startServer(code: string, url: string, timeoutMs: number): Promise<Server> {
  if (await answers(url)) throw new Error(`${url} already answers before the block started: stop whatever serves it`);
  const child = spawn('bash', ['-euo', 'pipefail', '-c', code], { cwd: root, env, detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let done = false;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void exited.then(() => (done = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (done) throw new Error(`the block exited before ${url} answered:\n${output}`);
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { child, exited, output: () => output };
}

async function stopServer(server: Server): Promise<void> {
  killGroup(server.child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(server.child, 'SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

afterAll(() => {
  // What the blocks wrote (out.jsonl, flotilla.db, apps/worker/.dev.vars, ...) goes away.
  for (const path of untrackedPaths()) if (!before.has(path)) rmSync(join(root, path), { recursive: true, force: true });
});

describe.each(READMES)('%s', (file) => {
  const blocks = readmeBlocks(readFileSync(join(root, file), 'utf8'));
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
  });

  test('every block that is not run says why', () => {
    for (const block of blocks) {
      if (block.mark === 'illustration' || block.mark === 'ci') expect(block.detail.length, `${file}:${block.line}`).toBeGreaterThan(10);
    }
  });

  const ci = readFileSync(join(root, '.ci/run'), 'utf8').split('\n').map((line) => line.trim());
  for (const block of blocks.filter((b) => b.mark === 'ci')) {
    test(`line ${block.line}: every command of the block is one .ci/run runs`, () => {
      for (const command of block.code.split('\n').map((line) => line.trim()).filter(Boolean)) expect(ci).toContain(command);
    });
  }

  for (const block of blocks.filter((b) => b.mark === 'run' || b.mark === 'serves')) {
    const title = `line ${block.line}: ${block.code.split('\n')[0]}${block.mark === 'serves' ? ` (serves ${block.detail})` : ''}`;
    test(title, async () => {
      if (block.mark === 'serves') {
        servers.push(await startServer(block.code, block.detail, 300_000));
        return;
      }
      const { code, output } = await runBlock(block.code, 300_000);
      expect(code, `${file}:${block.line} exited ${code}:\n${output}`).toBe(0);
    });
  }
});
