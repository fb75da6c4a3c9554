import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Start `test/fixtures/<name>.ts` in its own Node process (TypeScript through tsx), with `args` as JSON in argv. */
export function forkFixture(name: string, args: unknown): ChildProcess {
  const script = fileURLToPath(new URL(`../fixtures/${name}.ts`, import.meta.url));
  return fork(script, [JSON.stringify(args)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The messages a child sends, and its exit code. */
export function collect<T>(child: ChildProcess): Promise<{ messages: T[]; code: number | null; signal: NodeJS.Signals | null }> {
  const messages: T[] = [];
  child.on('message', (message) => messages.push(message as T));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ messages, code, signal }));
  });
}

/** Resolve with the first message of `child` that `match` accepts. */
export function nextMessage<T>(child: ChildProcess, match: (message: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!match(message as T)) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before the expected message`)));
  });
}
