import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Whether `redis-server` can be started here (the chaos tests skip, saying so, where it cannot). */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** A free TCP port on 127.0.0.1 (never the shared 6379). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    if (port !== 6379) return port;
  }
}

/** Options of {@link ownRedis}. */
export interface OwnRedisOptions {
  /** `'no'`: nothing survives a restart; `'always'` / `'everysec'`: AOF with that fsync policy. */
  aof: 'no' | 'always' | 'everysec';
}

/**
 * A `redis-server` of this test alone, on a free port with its own data
 * directory: killed, paused and restarted by the test, by its pid only.
 */
export async function ownRedis(options: OwnRedisOptions) {
  const port = await freePort();
  let dir = mkdtempSync(join(tmpdir(), 'flotilla-chaos-'));
  const dirs = [dir];
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'];
    args.push('--appendonly', options.aof === 'no' ? 'no' : 'yes');
    if (options.aof !== 'no') args.push('--appendfsync', options.aof);
    child = spawn('redis-server', args, { stdio: 'ignore' });
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch {
        if (i > 200) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    probe.disconnect();
  };

  const kill = async () => {
    const dying = child;
    if (!dying || dying.exitCode !== null || dying.signalCode !== null) return;
    const exited = new Promise((resolve) => dying.once('exit', resolve));
    dying.kill('SIGCONT');
    dying.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    /** SIGKILL the server: no shutdown, no final fsync. */
    kill,
    /** Start the server again on the same port: from its AOF, or (`empty`) from a fresh directory. */
    async restart(restartOptions: { empty: boolean }) {
      await kill();
      if (restartOptions.empty) {
        dir = mkdtempSync(join(tmpdir(), 'flotilla-chaos-'));
        dirs.push(dir);
      }
      await start();
    },
    /** SIGSTOP: the server keeps its connections open and answers nothing. */
    pause: () => void child?.kill('SIGSTOP'),
    /** SIGCONT after {@link pause}. */
    resume: () => void child?.kill('SIGCONT'),
    /** Kill the server and remove its data directories. */
    async stop() {
      await kill();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A server started by {@link ownRedis}. */
export type OwnRedis = Awaited<ReturnType<typeof ownRedis>>;
