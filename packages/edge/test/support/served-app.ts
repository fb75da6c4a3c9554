import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';

/** A dispatch app served over real HTTP on 127.0.0.1 (a free port). */
export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

export async function serveApp(app: Hono<any>): Promise<ServedApp> {
  let server!: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Parse a Server-Sent Events body into its events. */
export function parseSse(text: string): { event: string; id: string | undefined; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const field = (name: string) => lines.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2));
      return { event: field('event')[0] ?? 'message', id: field('id')[0], data: JSON.parse(field('data').join('\n')) };
    });
}
