import { fork } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqliteCache } from '../src/index.js';
import { useTempDir } from './support/temp-dir.js';

const writer = join(import.meta.dirname, 'fixtures/cache-writer.mjs');

function runWriter(path: string, prefix: string, other: string, count: number) {
  const child = fork(writer, [path, prefix, other, String(count)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<{ code: number | null; message: { wrote: number; sawFromOther: number } | undefined }>((resolve) => {
    let message: { wrote: number; sawFromOther: number } | undefined;
    child.on('message', (m) => (message = m as typeof message));
    child.on('exit', (code) => resolve({ code, message }));
  });
}

describe('sqliteCache shared by several processes', () => {
  const temp = useTempDir();

  it('two processes write one file at once, lose nothing, and each reads what the other wrote', async () => {
    const path = join(temp(), 'shared.db');
    const [a, b] = await Promise.all([runWriter(path, 'a', 'b', 300), runWriter(path, 'b', 'a', 300)]);
    expect(a).toEqual({ code: 0, message: { prefix: 'a', wrote: 300, sawFromOther: 300 } });
    expect(b).toEqual({ code: 0, message: { prefix: 'b', wrote: 300, sawFromOther: 300 } });

    const cache = sqliteCache({ path, ttlMs: 60_000 });
    for (const prefix of ['a', 'b']) {
      for (let i = 0; i < 300; i++) expect((await cache.get(`${prefix}-${i}`))?.value).toEqual({ from: prefix, i });
    }
    cache.close();
  });
});
