import { FlotillaError } from '@flotilla/core';

/**
 * The SQLite cache file cannot be used: it is corrupt, not a database, locked
 * past the busy timeout, unreadable, or the cache was closed. Never swallowed
 * into an empty cache, so a damaged file cannot silently make a rerun pay
 * for everything again.
 */
export class CacheUnavailableError extends FlotillaError {
  /** The database file the error is about. */
  readonly path: string;

  constructor(path: string, problem: string, options: { cause?: unknown } = {}) {
    super('cache_unavailable', `cannot use the cache database ${path}: ${problem}`, options);
    this.path = path;
    this.name = 'CacheUnavailableError';
  }
}

/** What to tell the user for a SQLite failure, by the driver's error code. */
export function adviceFor(path: string, sqliteCode: string | undefined, detail: string): string {
  switch (sqliteCode) {
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `${detail}. The file is damaged or is not a SQLite database; move it away or delete it (with any ${path}-wal and ${path}-shm files) to start an empty cache, or pass another --cache path`;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return `${detail}. Another process held the database locked past the busy timeout; retry, or raise busyTimeoutMs`;
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_AUTH':
      return `${detail}. Check that the file and its directory exist and are readable and writable by this user`;
    case 'SQLITE_FULL':
      return `${detail}. The disk is full; free space or use a cache on another disk`;
    default:
      return `${detail}. Check the file, or delete it to start an empty cache`;
  }
}
