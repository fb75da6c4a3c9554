import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI. */
export const CLI = join(import.meta.dirname, '../../dist/cli.js');
/** Test fixtures. */
export const FIXTURES = join(import.meta.dirname, '../fixtures');
/** The shipped examples. */
export const EXAMPLES = join(import.meta.dirname, '../../examples');

/** A running CLI process with its output collected. */
export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Spawn `node dist/cli.js ...args`. */
export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string>; nodeArgs?: string[]; stdin?: string } = {}): CliRun {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Run the CLI to completion. */
export function runCli(args: string[], options: Parameters<typeof startCli>[1] = {}) {
  return startCli(args, options).done;
}

/** Parse JSONL text. */
export function jsonl<T = Record<string, unknown>>(text: string): T[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}
