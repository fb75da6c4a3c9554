import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './run-command.js';

/** Where the deep-dive demo lives in a checkout of the repository. */
const DEMO = join('docs', 'samples', 'demo.ts');

/**
 * `flotilla demo`: run the deep-dive samples (docs/samples/demo.ts) with the
 * repository's tsx. They live in the repository, not in the npm package, so
 * outside a checkout this explains how to get them. Returns the exit code.
 */
export async function demoCommand(io: CliIO): Promise<number> {
  const root = findRepositoryRoot([io.cwd, dirname(fileURLToPath(import.meta.url))]);
  const tsx = root === undefined ? undefined : join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  if (root === undefined || tsx === undefined || !existsSync(tsx)) {
    const examples = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples');
    const lines =
      root === undefined
        ? [
            'flotilla demo runs the deep-dive samples (docs/samples/demo.ts), which live in the Flotilla source repository, not in the npm package.',
            'In a checkout of it, run: npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 demo',
          ]
        : [`flotilla demo found the repository at ${root}, but its dependencies are not installed.`, `Run: cd ${root} && npx -y pnpm@10.34.9 install && npx -y pnpm@10.34.9 demo`];
    if (existsSync(join(examples, 'classify-agent.mjs'))) {
      lines.push(
        'Without a checkout, try the CLI on the example this package ships (offline, free):',
        `  flotilla run --agent ${join(examples, 'classify-agent.mjs')} --input ${join(examples, 'receipts.jsonl')} --output out.jsonl --budget 0.05 --cache flotilla.db`,
      );
    }
    io.stderr.write(`${lines.join('\n')}\n`);
    return EXIT.usage;
  }
  return new Promise((done) => {
    // On the real terminal the demo writes straight to it (and keeps its colours).
    const direct = io.stdout === process.stdout && io.stderr === process.stderr;
    const child = spawn(process.execPath, [tsx, join(root, DEMO)], { cwd: root, stdio: direct ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: io.env });
    child.stdout?.pipe(io.stdout, { end: false });
    child.stderr?.pipe(io.stderr, { end: false });
    const stop = io.onSignal((signal) => child.kill(signal));
    child.on('error', (error) => {
      io.stderr.write(`flotilla demo: could not start ${tsx}: ${error.message}\n`);
    });
    child.on('close', (code, signal) => {
      stop();
      done(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

/** The first directory at or above one of `starts` that holds the demo. */
function findRepositoryRoot(starts: string[]): string | undefined {
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(join(dir, DEMO))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}
