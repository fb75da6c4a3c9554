import { statSync } from 'node:fs';
import Database from 'better-sqlite3';

/** What an existing `--cache` file held before the run opened it. */
export interface CacheFileState {
  /** The file existed before this run. */
  existed: boolean;
  /** Its size in bytes (0 when it did not exist). */
  sizeBytes: number;
  /** Entries it held (expired ones included); `0` when nothing could be read. */
  entries: number;
}

/**
 * Look into a cache file before the run opens it, read-only. A file that
 * existed but holds no readable entry is the trace of lost work: a
 * zero-length file, or a `-wal` file deleted or corrupted after a kill
 * (SQLite then silently sees an empty database), and every item would be paid
 * again.
 */
export function inspectCacheFile(path: string): CacheFileState {
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
  } catch {
    return { existed: false, sizeBytes: 0, entries: 0 };
  }
  if (sizeBytes === 0) return { existed: true, sizeBytes, entries: 0 };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT count(*) AS n FROM flotilla_cache').get() as { n: number };
    return { existed: true, sizeBytes, entries: row.n };
  } catch {
    // No table (the WAL that held it is gone) or unreadable: sqliteCache reports a file it cannot open.
    return { existed: true, sizeBytes, entries: 0 };
  } finally {
    db?.close();
  }
}

/** Whether a cache file existed but held nothing readable (see {@link inspectCacheFile}). */
export function lostCacheMessage(shown: string, state: CacheFileState): string | undefined {
  if (!state.existed || state.entries > 0) return undefined;
  const what = state.sizeBytes === 0 ? 'is empty (0 bytes)' : `(${state.sizeBytes} bytes) holds no readable entry`;
  return (
    `--cache ${shown} existed but ${what}: earlier results are lost (a zero-length file, or its -wal file deleted or corrupted after a kill), ` +
    'so every item will be paid again. If that is expected, delete the file to start afresh'
  );
}
