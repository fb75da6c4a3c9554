import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CACHE_TTL_MS, type Cache, type CacheEntry } from '@flotilla/core';
import { adviceFor, CacheUnavailableError } from './cache-unavailable-error.js';
import { assertJsonValue } from './json-value.js';

/** Options of {@link sqliteCache}. */
export interface SqliteCacheOptions {
  /** The database file; created with its directory's permissions when missing. Share it between processes freely. */
  path: string;
  /** Time to live of an entry, in milliseconds (default 1 hour, like the memory cache). */
  ttlMs?: number;
  /** How long a call waits for another process's write lock, in milliseconds (default 5000). */
  busyTimeoutMs?: number;
  /** Wall clock in milliseconds since the epoch, for tests (default `Date.now`). */
  now?: () => number;
}

/** A `Cache` in a SQLite file; see {@link sqliteCache}. */
export interface SqliteCache extends Cache {
  /** The database file. */
  readonly path: string;
  /** Delete every expired entry now; returns how many were removed. */
  purgeExpired(): Promise<number>;
  /** Close the database. Further calls reject with `CacheUnavailableError`. Safe to call twice. */
  close(): void;
}

/** Expired rows are purged in bulk once every this many writes. */
const PURGE_EVERY_WRITES = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flotilla_cache (
  key        TEXT PRIMARY KEY,
  value      TEXT,
  cost_usd   REAL NOT NULL,
  stored_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS flotilla_cache_expires_at ON flotilla_cache (expires_at);
`;

interface Row {
  value: string | null;
  cost_usd: number;
  stored_at: number;
  expires_at: number;
}

/**
 * A durable `Cache` in a SQLite file (better-sqlite3, WAL mode): what a
 * run finished survives a crash or a kill, so rerunning the same command
 * only pays for the items that had not finished. Several processes on one
 * machine can share the file. Values are stored as JSON text and come back
 * exactly; values JSON cannot hold (Dates, Maps, `NaN`...) are refused.
 * Entries expire after `ttlMs`; expired ones are never returned and are
 * purged as the cache goes.
 *
 * A corrupt, foreign or unreadable file throws a {@link CacheUnavailableError}
 * (code `cache_unavailable`) that names the file and what to do; it is never
 * treated as an empty cache.
 *
 * @example
 * const cache = sqliteCache({ path: 'flotilla-cache.db', ttlMs: 7 * 24 * 3600_000 });
 * try {
 *   await dispatch({ agent, inputs, cache });
 * } finally {
 *   cache.close();
 * }
 */
export function sqliteCache(options: SqliteCacheOptions): SqliteCache {
  const path = options.path;
  if (typeof path !== 'string' || path === '') throw new TypeError('sqliteCache needs a path (a file name, or ":memory:")');
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  if (!(typeof ttlMs === 'number' && ttlMs > 0)) throw new RangeError(`sqliteCache ttlMs must be > 0 (milliseconds), got ${String(ttlMs)}`);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const now = options.now ?? Date.now;

  const fail = (error: unknown, doing: string): CacheUnavailableError => {
    if (error instanceof CacheUnavailableError) return error;
    const code = (error as { code?: unknown }).code;
    const detail = `${doing} failed: ${error instanceof Error ? error.message : String(error)}`;
    return new CacheUnavailableError(path, adviceFor(path, typeof code === 'string' ? code : undefined, detail), { cause: error });
  };

  const { db, statements } = open(path, busyTimeoutMs, now, fail);

  let closed = false;
  let writes = 0;
  const use = <T>(doing: string, work: () => T): T => {
    if (closed) throw new CacheUnavailableError(path, 'the cache was closed; create a new sqliteCache to use the file again');
    try {
      return work();
    } catch (error) {
      throw fail(error, doing);
    }
  };

  return {
    path,
    async get(key) {
      return use('reading an entry', () => {
        const row = statements.get.get(key) as Row | undefined;
        if (!row) return undefined;
        const at = now();
        if (row.expires_at <= at) {
          // Conditional, so a fresh write by another process is never deleted.
          statements.deleteExpired.run(key, at);
          return undefined;
        }
        const entry: CacheEntry = {
          value: row.value === null ? undefined : (JSON.parse(row.value) as unknown),
          costUsd: row.cost_usd,
          storedAt: row.stored_at,
        };
        return entry;
      });
    },
    async set(key, entry, ttl = ttlMs) {
      if (!(typeof ttl === 'number' && ttl > 0)) throw new RangeError(`sqliteCache ttlMs must be > 0 (milliseconds), got ${String(ttl)}`);
      if (entry.value !== undefined) assertJsonValue(entry.value);
      const value = entry.value === undefined ? null : JSON.stringify(entry.value);
      use('writing an entry', () => {
        const at = now();
        // Each write is its own committed transaction: a crash right after it keeps it.
        statements.set.run(key, value, entry.costUsd, entry.storedAt, Math.min(at + ttl, Number.MAX_SAFE_INTEGER));
        if (++writes % PURGE_EVERY_WRITES === 0) statements.purge.run(at);
      });
    },
    async delete(key) {
      use('deleting an entry', () => statements.delete.run(key));
    },
    async clear() {
      use('clearing the cache', () => statements.clear.run());
    },
    async purgeExpired() {
      return use('purging expired entries', () => statements.purge.run(now()).changes);
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** Open the file, set it up for sharing and durability, and prepare the statements. */
function open(path: string, busyTimeoutMs: number, now: () => number, fail: (error: unknown, doing: string) => Error) {
  let db: Database.Database | undefined;
  const dir = dirname(resolve(path));
  if (path !== ':memory:' && !existsSync(dir)) {
    throw new CacheUnavailableError(path, `its directory ${dir} does not exist; create the directory or pass another path`);
  }
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // WAL lets readers and one writer work at once across processes; NORMAL
    // sync keeps every committed write through a process crash (only an OS
    // crash or power loss can lose the last few).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
    const statements = prepare(db);
    statements.purge.run(now());
    return { db, statements };
  } catch (error) {
    db?.close();
    throw fail(error, 'opening the database');
  }
}

function prepare(db: Database.Database) {
  return {
    get: db.prepare('SELECT value, cost_usd, stored_at, expires_at FROM flotilla_cache WHERE key = ?'),
    set: db.prepare(
      `INSERT INTO flotilla_cache (key, value, cost_usd, stored_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, cost_usd = excluded.cost_usd,
         stored_at = excluded.stored_at, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare('DELETE FROM flotilla_cache WHERE key = ?'),
    deleteExpired: db.prepare('DELETE FROM flotilla_cache WHERE key = ? AND expires_at <= ?'),
    clear: db.prepare('DELETE FROM flotilla_cache'),
    purge: db.prepare('DELETE FROM flotilla_cache WHERE expires_at <= ?'),
  };
}
