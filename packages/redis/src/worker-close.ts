import { sleep } from '@flotilla/core';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** The part of an ioredis client the close needs. */
interface Connection {
  readonly status: string;
  connect(): Promise<void>;
  disconnect(): void;
}

/**
 * Close a BullMQ worker (running jobs finish first) without hanging on a cut
 * connection.
 *
 * BullMQ's `Worker.close()` disconnects the worker's blocking connection and
 * waits for its `end` event. ioredis never emits `end` for a client that is
 * disconnected while it waits to reconnect (status `reconnecting`: the
 * connection was cut, by Redis, a proxy or the network, and the retry timer
 * is pending, at least 1 s with BullMQ's retry strategy): `disconnect()` only
 * clears that timer. A worker whose blocking connection was cut just before
 * (or while) it closed therefore waited forever. That connection only waits
 * for new jobs (BZPOPMIN), so while the close runs such a client is ended at
 * once: it connects and is disconnected before the connection opens, which
 * rejects what it still held and emits `end`.
 */
export async function closeWorker(worker: Worker, pollMs = 20): Promise<void> {
  let closed = false;
  const closing = worker.close().finally(() => (closed = true));
  const backend = worker.getBackend() as unknown as { blockingClient?: Promise<Connection> };
  // Not awaited: a worker that never reached Redis has no blocking client to end.
  void Promise.resolve(backend.blockingClient).then(
    async (blocking) => {
      while (blocking && !closed) {
        if (blocking.status === 'reconnecting') {
          blocking.connect().catch(() => undefined);
          blocking.disconnect();
        }
        await sleep(pollMs);
      }
    },
    () => undefined,
  );
  await closing;
}

/**
 * Close an ioredis client: QUIT (replies still due are read first), or, when
 * Redis does not answer within `ms` (down, paused, unreachable: ioredis
 * would hold the QUIT in its offline queue forever), drop the connection.
 * Resolves within about `ms`, whatever Redis does.
 */
export async function quitWithin(client: Redis, ms: number): Promise<void> {
  let quit = false;
  if (client.status === 'ready') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([client.quit().then(() => void (quit = true), () => undefined), timeout]);
    clearTimeout(timer);
  }
  client.disconnect();
  // A peer that answers nothing never closes its side after our FIN either: drop the socket, so no handle is left open.
  if (!quit) (client as { stream?: { destroy(): void } }).stream?.destroy();
}
