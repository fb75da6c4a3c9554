import { openSync, readFileSync, writeFileSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dispatch } from '@flotilla/core';
import { describeCacheConformance } from '@flotilla/core/testing';
import { describe, expect, it } from 'vitest';
import { CacheUnavailableError, sqliteCache, type SqliteCache } from '../src/index.js';
import { useTempDir } from './support/temp-dir.js';

const entry = (value: unknown) => ({ value, costUsd: 0.01, storedAt: 1_700_000_000_000 });

describe('sqliteCache', () => {
  const temp = useTempDir();
  let n = 0;
  describeCacheConformance('sqliteCache', {
    create: ({ now }) => sqliteCache({ path: join(temp(), `conformance-${n++}.db`), now }),
    destroy: (cache) => (cache as SqliteCache).close(),
  });

  it('keeps entries across close and reopen (a new process sees them)', async () => {
    const path = join(temp(), 'persist.db');
    const first = sqliteCache({ path });
    await first.set('k', { value: { label: 'food', n: [1, 2.5] }, costUsd: 0.002, storedAt: 123 });
    first.close();
    const second = sqliteCache({ path });
    expect(await second.get('k')).toEqual({ value: { label: 'food', n: [1, 2.5] }, costUsd: 0.002, storedAt: 123 });
    second.close();
  });

  it('round-trips undefined as undefined, not null', async () => {
    const cache = sqliteCache({ path: join(temp(), 'undef.db') });
    await cache.set('u', entry(undefined));
    await cache.set('n', entry(null));
    expect(await cache.get('u')).toEqual(entry(undefined));
    expect((await cache.get('u'))!.value).toBeUndefined();
    expect((await cache.get('n'))!.value).toBeNull();
    cache.close();
  });

  it('refuses values JSON would change, naming where', async () => {
    const cache = sqliteCache({ path: join(temp(), 'refuse.db') });
    await expect(cache.set('d', entry({ at: new Date(0) }))).rejects.toThrow(/\$\.at is a Date/);
    await expect(cache.set('m', entry([new Map()]))).rejects.toThrow(/\$\[0\] is a Map/);
    await expect(cache.set('nan', entry({ x: Number.NaN }))).rejects.toThrow(/NaN/);
    await expect(cache.set('big', entry(10n))).rejects.toThrow(/bigint/);
    expect(await cache.get('d')).toBeUndefined();
    cache.close();
  });

  it('purges expired rows from the file, and only expired ones', async () => {
    let time = 1_000_000;
    const cache = sqliteCache({ path: join(temp(), 'purge.db'), ttlMs: 1000, now: () => time });
    await cache.set('old', entry(1));
    await cache.set('fresh', entry(2), 60_000);
    time += 5000;
    expect(await cache.purgeExpired()).toBe(1);
    expect((await cache.get('fresh'))?.value).toBe(2);
    cache.close();
  });

  it('makes a dispatch rerun in a new cache instance all cache hits', async () => {
    const path = join(temp(), 'dispatch.db');
    let calls = 0;
    const agent = { name: 'double', run: async (x: number) => (calls++, x * 2) };
    const inputs = Array.from({ length: 20 }, (_, i) => i);
    const first = sqliteCache({ path });
    await dispatch({ agent, inputs, cache: first });
    first.close();
    const second = sqliteCache({ path });
    const run = await dispatch({ agent, inputs, cache: second });
    second.close();
    expect(calls).toBe(20);
    expect(run.stats.cached).toBe(20);
    expect(run.results.map((r) => r.value)).toEqual(inputs.map((x) => x * 2));
  });

  it('rejects calls after close with cache_unavailable', async () => {
    const cache = sqliteCache({ path: join(temp(), 'closed.db') });
    cache.close();
    cache.close();
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'cache_unavailable', message: expect.stringMatching(/closed/) });
  });

  it('refuses a bad ttl', () => {
    expect(() => sqliteCache({ path: join(temp(), 'ttl.db'), ttlMs: 0 })).toThrow(/ttlMs must be > 0/);
  });
});

describe('sqliteCache on a damaged or unusable file', () => {
  const temp = useTempDir();

  it('throws a clear cache_unavailable error for a file that is not a database', () => {
    const path = join(temp(), 'not-a-db.db');
    writeFileSync(path, 'this is a text file, not SQLite\n'.repeat(200));
    let error: unknown;
    try {
      sqliteCache({ path });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CacheUnavailableError);
    expect(error).toMatchObject({ code: 'cache_unavailable', path });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/not a database|damaged/);
    expect((error as Error).message).toMatch(/delete it/);
    // The file is left alone for the user to inspect.
    expect(readFileSync(path, 'utf8')).toMatch(/^this is a text file/);
  });

  it('never answers a damaged database with silent misses', async () => {
    const path = join(temp(), 'damaged.db');
    const cache = sqliteCache({ path });
    for (let i = 0; i < 400; i++) await cache.set(`key-${i}`, entry({ i, pad: 'x'.repeat(200) }));
    cache.close();
    // Overwrite every page after the first with garbage, keeping the header valid.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);

    let error: unknown;
    try {
      const reopened = sqliteCache({ path });
      try {
        for (let i = 0; i < 400; i++) await reopened.get(`key-${i}`);
      } finally {
        reopened.close();
      }
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CacheUnavailableError);
    expect((error as Error).message).toMatch(/damaged|malformed|not a database/);
  });

  it('explains a path whose directory does not exist', () => {
    const path = join(temp(), 'missing-dir', 'cache.db');
    expect(() => sqliteCache({ path })).toThrow(CacheUnavailableError);
    expect(() => sqliteCache({ path })).toThrow(/missing-dir does not exist; create the directory/);
  });
});
