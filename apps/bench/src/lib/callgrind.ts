/**
 * Instruction counts under valgrind's callgrind: run a command, read the
 * total instructions executed (Ir) of its main thread from the output file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The header fields and totals of one callgrind output file. */
export interface CallgrindFile {
  pid?: number;
  /** The thread the file is for (1 = the main thread), when threads were dumped separately. */
  thread?: number;
  /** Event names, in the order of the totals, e.g. ['Ir'] or ['Ir', 'Dr', ...]. */
  events: string[];
  /** Totals per event: from the `totals:` line (written last), else from `summary:`. */
  totals: number[];
}

/** Parse the header and totals of a callgrind output file (format version 1). */
export function parseCallgrind(text: string): CallgrindFile {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(pid|thread|events|summary|totals):\s*(.*)$/.exec(line);
    // Header fields come first; a later `events:` (a new part) would not change the event list.
    if (match && !fields.has(match[1]!)) fields.set(match[1]!, match[2]!.trim());
  }
  const events = fields.get('events')?.split(/\s+/) ?? [];
  const line = fields.get('totals') ?? fields.get('summary');
  if (events.length === 0 || line === undefined) throw new Error('not a callgrind output file: no events: or totals:/summary: line');
  const totals = line.split(/\s+/).map(Number);
  if (totals.length === 0 || totals.some((value) => !Number.isSafeInteger(value))) throw new Error(`unreadable callgrind totals: ${line}`);
  const number = (name: string) => (fields.has(name) ? Number(fields.get(name)) : undefined);
  return { pid: number('pid'), thread: number('thread'), events, totals };
}

/** The instructions executed (the `Ir` event) recorded in one parsed file. */
export function instructions(file: CallgrindFile): number {
  const at = file.events.indexOf('Ir');
  if (at < 0 || file.totals[at] === undefined) throw new Error(`no Ir event (events: ${file.events.join(' ')})`);
  return file.totals[at]!;
}

/**
 * The Ir of the main thread among the files one callgrind run wrote to `dir`.
 * With `--separate-threads=yes` callgrind writes `<file>-01`, `<file>-02`, ...
 * (one per thread, the header says `thread: N`; the main thread is 1) and
 * leaves `<file>` itself empty, so the file is chosen by its header, not by
 * its name. Without separate threads there is one file with every thread.
 */
export function mainThreadInstructions(dir: string): number {
  const files = readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .filter((text) => text.length > 0)
    .map(parseCallgrind);
  const main = files.filter((file) => file.thread === undefined || file.thread === 1);
  if (main.length !== 1) throw new Error(`expected one callgrind file for the main thread in ${dir}, found ${main.length} (of ${files.length})`);
  return instructions(main[0]!);
}

/** Whether valgrind can be run here (its version line), or undefined. */
export function valgrindVersion(): string | undefined {
  const run = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * Run `node <args>` under callgrind and return its main thread's Ir.
 *
 * Two choices make the count the JS work of the run and nothing else, and the
 * same from one run to the next:
 * - node runs with V8's `--predictable`, which implies `--single-threaded`:
 *   garbage-collection marking and JIT compilation then happen on the main
 *   thread instead of V8's helper threads (with helper threads the split
 *   changes from run to run: the main thread's count of one p-limit probe
 *   varied by ~3% of the total, ~30% of the per-task difference), and hash
 *   seeds and other sources of run-to-run variation are fixed. Measured on
 *   this probe: two identical runs differed by 2% under `--single-threaded`
 *   alone, by 0.003% under `--predictable`.
 * - `--separate-threads=yes`, and only thread 1 (the main JS thread) is read:
 *   node's other threads (libuv, inspector, signal watchdog) do nothing that
 *   depends on the contender.
 *
 * Asynchronous, so that a scenario can run one process per core at once:
 * the counts do not depend on the machine's load.
 */
export async function callgrindNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-callgrind-'));
  try {
    const run = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((done, fail) => {
      const child = spawn('valgrind', ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${join(dir, '%p')}`, process.execPath, '--predictable', ...args], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-64 * 1024)));
      child.on('error', fail);
      child.on('close', (status, signal) => done({ status, signal, stderr }));
    });
    if (run.status !== 0) {
      throw new Error(`valgrind node ${args.join(' ')} exited with ${run.status ?? run.signal}: ${run.stderr.split('\n').slice(-12).join('\n')}`);
    }
    return mainThreadInstructions(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
