import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of one Redis, so a test can partition
 * the clients behind it: `partition()` closes every connection through it and
 * refuses new ones until `heal()`; the Redis server itself is untouched.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let partitioned = false;
  const server = createServer((client) => {
    if (partitioned) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    /** Close every connection through the proxy and refuse new ones. */
    partition() {
      partitioned = true;
      for (const socket of sockets) socket.destroy();
    },
    /** Let connections through again. */
    heal() {
      partitioned = false;
    },
    /** Close the proxy. */
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
